//! EC2's DNS names for IPv4 addresses, as a value written out when it is shown or
//! written into an answer: a description carries the address and the Region, not a
//! string of its own.

use crate::ascii_text::AsciiText;
use crate::json_text::{push_contents, push_plain};
use std::fmt::{self, Write};
use std::net::Ipv4Addr;

/// The DNS name EC2 gives an address, or none (an instance without an address shows `""`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DnsName {
    #[default]
    None,
    /// `ip-10-0-1-5.ec2.internal` in us-east-1, `ip-10-0-1-5.REGION.compute.internal`
    /// elsewhere: the private DNS name of a private IPv4 address.
    Private {
        region: &'static str,
        address: Ipv4Addr,
    },
    /// `ec2-3-80-1-5.compute-1.amazonaws.com` in us-east-1,
    /// `ec2-3-80-1-5.REGION.compute.amazonaws.com` elsewhere: the public DNS name of a
    /// public IPv4 address.
    Public {
        region: &'static str,
        address: Ipv4Addr,
    },
}

impl DnsName {
    pub fn private(region: &'static str, address: Ipv4Addr) -> DnsName {
        DnsName::Private { region, address }
    }

    pub fn public(region: &'static str, address: Ipv4Addr) -> DnsName {
        DnsName::Public { region, address }
    }

    /// The name's pieces: its prefix, the address with dashes for dots, the Region's
    /// suffix (none for [`DnsName::None`]).
    fn pieces(&self) -> Option<(&'static str, AsciiText<15>, [&'static str; 3])> {
        let (prefix, address, suffix) = match *self {
            DnsName::None => return None,
            DnsName::Private {
                region: "us-east-1",
                address,
            } => ("ip-", address, ["", "", ".ec2.internal"]),
            DnsName::Private { region, address } => {
                ("ip-", address, [".", region, ".compute.internal"])
            }
            DnsName::Public {
                region: "us-east-1",
                address,
            } => ("ec2-", address, ["", "", ".compute-1.amazonaws.com"]),
            DnsName::Public { region, address } => {
                ("ec2-", address, [".", region, ".compute.amazonaws.com"])
            }
        };
        let mut octets = AsciiText::new();
        octets.push_octets(address, b'-');
        Some((prefix, octets, suffix))
    }

    /// Writes the name.
    fn write_to(&self, out: &mut impl Write) -> fmt::Result {
        let Some((prefix, octets, suffix)) = self.pieces() else {
            return Ok(());
        };
        out.write_str(prefix)?;
        out.write_str(octets.as_str())?;
        suffix.iter().try_for_each(|part| out.write_str(part))
    }

    /// Appends the name as the inside of a JSON string (the Region's part escaped, as
    /// any string the model did not build).
    pub(crate) fn push_json(&self, out: &mut String) {
        if let Some((prefix, octets, suffix)) = self.pieces() {
            push_plain(out, prefix);
            push_plain(out, octets.as_str());
            for part in suffix {
                push_contents(out, part);
            }
        }
    }
}

impl fmt::Display for DnsName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names_spell_the_address_with_dashes_and_name_the_region() {
        let address = Ipv4Addr::new(3, 80, 100, 255);
        assert_eq!(
            DnsName::public("us-east-1", address).to_string(),
            "ec2-3-80-100-255.compute-1.amazonaws.com"
        );
        assert_eq!(
            DnsName::public("eu-west-1", address).to_string(),
            "ec2-3-80-100-255.eu-west-1.compute.amazonaws.com"
        );
        let private = Ipv4Addr::new(10, 0, 1, 5);
        assert_eq!(
            DnsName::private("us-east-1", private).to_string(),
            "ip-10-0-1-5.ec2.internal"
        );
        assert_eq!(
            DnsName::private("us-west-2", private).to_string(),
            "ip-10-0-1-5.us-west-2.compute.internal"
        );
        assert_eq!(DnsName::None.to_string(), "");
    }

    #[test]
    fn a_dns_name_is_written_into_json_as_its_text() {
        let name = DnsName::private("ap-southeast-2", Ipv4Addr::new(172, 31, 0, 9));
        let mut json = String::new();
        name.push_json(&mut json);
        DnsName::None.push_json(&mut json);
        assert_eq!(json, "ip-172-31-0-9.ap-southeast-2.compute.internal");
        json.clear();
        DnsName::public("odd\"region", Ipv4Addr::new(3, 80, 0, 1)).push_json(&mut json);
        assert_eq!(json, "ec2-3-80-0-1.odd\\\"region.compute.amazonaws.com");
    }
}
