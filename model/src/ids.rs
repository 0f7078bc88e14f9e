//! Typed EC2 resource identifiers and the seeded generator every id, MAC and address draw comes from.

use crate::ascii_text::AsciiText;
use crate::error::{Ec2Error, ErrorCode};
use std::fmt;

/// The one source of "randomness" in the model: SplitMix64 over a seed.
///
/// Every id, MAC address and Amazon-pool address is drawn from a generator like this one,
/// so the same script and seed always give the same output byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdGenerator {
    state: u64,
}

impl IdGenerator {
    pub fn new(seed: u64) -> Self {
        IdGenerator { state: seed }
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (bound > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// A fresh id of type `T`.
    pub fn id<T: ResourceId>(&mut self) -> T {
        // EC2's long ids are 17 hex digits whose first digit is 0: exactly a u64.
        T::from_raw(self.next_u64())
    }

    /// A locally administered unicast MAC address, in the form EC2 prints (`0e:4f:...`).
    pub fn mac_address(&mut self) -> String {
        let bits = self.next_u64();
        let mut bytes = [0u8; 6];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = (bits >> (8 * i)) as u8;
        }
        bytes[0] = (bytes[0] | 0x02) & 0xfe;
        let mut text = String::with_capacity(17);
        for (i, byte) in bytes.into_iter().enumerate() {
            if i > 0 {
                text.push(':');
            }
            text.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
            text.push(char::from(HEX_DIGITS[usize::from(byte & 0xf)]));
        }
        text
    }
}

/// An EC2 identifier: a prefix (`eni-`) and 17 hex digits.
pub trait ResourceId: Copy + Ord + fmt::Display {
    const PREFIX: &'static str;
    /// The code EC2 answers when a string is not an id of this kind.
    const MALFORMED: ErrorCode;
    /// The resource's name in EC2's messages (`networkInterface`, `instance`).
    const NOUN: &'static str;
    fn from_raw(raw: u64) -> Self;
    fn raw(self) -> u64;

    /// Parses `prefix` + 8 or 17 hex digits, as EC2 accepts them.
    fn parse(text: &str) -> Result<Self, Ec2Error> {
        let malformed = || {
            Ec2Error::new(
                Self::MALFORMED,
                format!("Invalid id: \"{text}\" (expecting \"{}...\")", Self::PREFIX),
            )
        };
        let digits = text.strip_prefix(Self::PREFIX).ok_or_else(malformed)?;
        // 17 digits fit 64 bits only when the first is 0.
        if !(digits.len() == 8 || digits.len() == 17 && digits.starts_with('0')) {
            return Err(malformed());
        }
        digits
            .bytes()
            .try_fold(0u64, |raw, b| {
                let digit = match b {
                    b'0'..=b'9' => b - b'0',
                    b'a'..=b'f' => b - b'a' + 10,
                    _ => return Err(malformed()),
                };
                Ok(raw << 4 | u64::from(digit))
            })
            .map(Self::from_raw)
    }
}

/// Lower-case hexadecimal digits, as EC2 writes MAC addresses.
const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// An id's text, `prefix` and 17 lower-case hex digits, built on the stack: ids are
/// printed in every response, so without the formatting machinery.
pub(crate) fn id_text(prefix: &str, raw: u64) -> AsciiText<48> {
    let mut text = AsciiText::new();
    // Prefixes are a few ASCII letters (one that did not fit would be left out, and the
    // digits still written).
    text.push_str(prefix);
    text.push_hex(raw, 17);
    text
}

macro_rules! resource_ids {
    ($($(#[$doc:meta])* $name:ident => $prefix:literal, $malformed:ident, $noun:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u64);

        impl ResourceId for $name {
            const PREFIX: &'static str = $prefix;
            const MALFORMED: ErrorCode = ErrorCode::$malformed;
            const NOUN: &'static str = $noun;
            fn from_raw(raw: u64) -> Self {
                $name(raw)
            }
            fn raw(self) -> u64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(id_text($prefix, self.0).as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(id_text($prefix, self.0).as_str())
            }
        }
    )*};
}

resource_ids! {
    /// `vpc-...`
    VpcId => "vpc-", InvalidVpcIdMalformed, "vpc";
    /// `subnet-...`
    SubnetId => "subnet-", InvalidSubnetIdMalformed, "subnet";
    /// `igw-...`
    InternetGatewayId => "igw-", InvalidInternetGatewayIdMalformed, "internetGateway";
    /// `sg-...`
    SecurityGroupId => "sg-", InvalidGroupIdMalformed, "securityGroup";
    /// `sgr-...`
    SecurityGroupRuleId => "sgr-", InvalidParameterValue, "securityGroupRule";
    /// `i-...`
    InstanceId => "i-", InvalidInstanceIdMalformed, "instance";
    /// `r-...`
    ReservationId => "r-", InvalidParameterValue, "reservation";
    /// `eni-...`
    NetworkInterfaceId => "eni-", InvalidNetworkInterfaceIdMalformed, "networkInterface";
    /// `eni-attach-...`
    AttachmentId => "eni-attach-", InvalidAttachmentIdMalformed, "attachment";
    /// `eipalloc-...`
    AllocationId => "eipalloc-", InvalidAllocationIdMalformed, "allocation";
    /// `eipassoc-...`
    AssociationId => "eipassoc-", InvalidAssociationIdMalformed, "association";
    /// `rtb-...`
    RouteTableId => "rtb-", InvalidRouteTableIdMalformed, "routeTable";
    /// `rtbassoc-...`
    RouteTableAssociationId => "rtbassoc-", InvalidAssociationIdMalformed, "association";
    /// `vpc-cidr-assoc-...`
    VpcCidrAssociationId => "vpc-cidr-assoc-", InvalidParameterValue, "vpcCidrAssociation";
    /// `subnet-cidr-assoc-...`
    SubnetCidrAssociationId => "subnet-cidr-assoc-", InvalidParameterValue, "subnetCidrAssociation";
    /// `ipv4pool-ec2-...`
    PublicIpv4PoolId => "ipv4pool-ec2-", InvalidParameterValue, "publicIpv4Pool";
    /// `ipv6pool-ec2-...`
    Ipv6PoolId => "ipv6pool-ec2-", InvalidParameterValue, "ipv6Pool";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_as_ec2_long_ids() {
        let mut ids = IdGenerator::new(7);
        let eni: NetworkInterfaceId = ids.id();
        let text = eni.to_string();
        assert!(text.starts_with("eni-0"));
        assert_eq!(text.len(), "eni-".len() + 17);
        assert_eq!(NetworkInterfaceId::parse(&text), Ok(eni));
    }

    #[test]
    fn every_kind_of_id_prints_its_prefix_and_17_hex_digits() {
        assert_eq!(
            SubnetCidrAssociationId::from_raw(u64::MAX).to_string(),
            "subnet-cidr-assoc-0ffffffffffffffff"
        );
        assert_eq!(
            InstanceId::from_raw(0xabc).to_string(),
            "i-00000000000000abc"
        );
        assert_eq!(
            serde_json::to_string(&AttachmentId::from_raw(1)).unwrap(),
            "\"eni-attach-00000000000000001\""
        );
    }

    #[test]
    fn malformed_ids_are_refused_with_the_kind_specific_code() {
        let err = NetworkInterfaceId::parse("eni-xyz").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidNetworkInterfaceIdMalformed);
        let err = InstanceId::parse("eni-0123456789abcdef0").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInstanceIdMalformed);
        for refused in [
            "i-1ffffffffffffffff",
            "i-0fffffffffffffffA",
            "i-0123456",
            "i-012345678",
            "i-0123456g",
            "i-",
            "I-01234567",
        ] {
            assert!(InstanceId::parse(refused).is_err(), "{refused}");
        }
        assert_eq!(
            InstanceId::parse("i-0ffffffffffffffff"),
            Ok(InstanceId::from_raw(u64::MAX))
        );
        assert_eq!(
            InstanceId::parse("i-0123abcd"),
            Ok(InstanceId::from_raw(0x0123_abcd))
        );
    }

    #[test]
    fn same_seed_gives_same_ids() {
        let mut a = IdGenerator::new(42);
        let mut b = IdGenerator::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn mac_addresses_are_locally_administered_unicast() {
        let mut ids = IdGenerator::new(1);
        for _ in 0..50 {
            let mac = ids.mac_address();
            let first = u8::from_str_radix(&mac[..2], 16).unwrap();
            assert_eq!(first & 0x02, 0x02);
            assert_eq!(first & 0x01, 0);
            assert_eq!(mac.len(), 17);
        }
    }
}
