//! EC2 errors as values: the code EC2 returns and a message in EC2's wording.

use std::fmt;

/// Declares [`ErrorCode`] with the exact code string EC2 (or the AWS CLI) returns.
macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// An EC2 API error code, or one of the AWS CLI's client-side codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// The code exactly as EC2 spells it (`InvalidNetworkInterfaceID.NotFound`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// Every code, for documentation and tests.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];
        }
    };
}

error_codes! {
    // Client-side codes of the AWS CLI and of the script runner.
    ScriptSyntax => "ScriptSyntax",
    InvalidAction => "InvalidAction",
    UnknownParameter => "UnknownParameter",
    MissingParameter => "MissingParameter",
    InvalidParameterValue => "InvalidParameterValue",
    InvalidParameter => "InvalidParameter",
    InvalidParameterCombination => "InvalidParameterCombination",
    WaiterFailed => "WaiterFailed",
    // Malformed identifiers and addresses.
    InvalidNetworkInterfaceIdMalformed => "InvalidNetworkInterfaceID.Malformed",
    InvalidInstanceIdMalformed => "InvalidInstanceID.Malformed",
    InvalidSubnetIdMalformed => "InvalidSubnetID.Malformed",
    InvalidVpcIdMalformed => "InvalidVpcID.Malformed",
    InvalidGroupIdMalformed => "InvalidGroupId.Malformed",
    InvalidAllocationIdMalformed => "InvalidAllocationID.Malformed",
    InvalidAssociationIdMalformed => "InvalidAssociationID.Malformed",
    InvalidAttachmentIdMalformed => "InvalidNetworkInterfaceAttachmentId.Malformed",
    InvalidInternetGatewayIdMalformed => "InvalidInternetGatewayId.Malformed",
    InvalidAddressMalformed => "InvalidAddress.Malformed",
    InvalidRouteTableIdMalformed => "InvalidRouteTableId.Malformed",
    // Unknown resources.
    InvalidVpcIdNotFound => "InvalidVpcID.NotFound",
    InvalidSubnetIdNotFound => "InvalidSubnetID.NotFound",
    InvalidInstanceIdNotFound => "InvalidInstanceID.NotFound",
    InvalidNetworkInterfaceIdNotFound => "InvalidNetworkInterfaceID.NotFound",
    InvalidAttachmentIdNotFound => "InvalidAttachmentID.NotFound",
    InvalidAllocationIdNotFound => "InvalidAllocationID.NotFound",
    InvalidAddressIdNotFound => "InvalidAddressID.NotFound",
    InvalidAssociationIdNotFound => "InvalidAssociationID.NotFound",
    InvalidAddressNotFound => "InvalidAddress.NotFound",
    InvalidGroupNotFound => "InvalidGroup.NotFound",
    InvalidSecurityGroupIdNotFound => "InvalidSecurityGroupID.NotFound",
    InvalidInternetGatewayIdNotFound => "InvalidInternetGatewayID.NotFound",
    InvalidRouteTableIdNotFound => "InvalidRouteTableID.NotFound",
    InvalidRouteNotFound => "InvalidRoute.NotFound",
    RouteAlreadyExists => "RouteAlreadyExists",
    InvalidPermissionNotFound => "InvalidPermission.NotFound",
    InvalidPermissionDuplicate => "InvalidPermission.Duplicate",
    InvalidGroupDuplicate => "InvalidGroup.Duplicate",
    InvalidGroupReserved => "InvalidGroup.Reserved",
    InvalidPublicIpv4PoolIdNotFound => "InvalidPublicIpv4PoolID.NotFound",
    InvalidIpv6PoolIdNotFound => "InvalidIpv6PoolID.NotFound",
    InvalidByoipCidrNotFound => "InvalidByoipCidr.NotFound",
    InvalidInstanceType => "InvalidInstanceType",
    InvalidRegion => "InvalidRegion",
    // Refusals.
    OperationNotPermitted => "OperationNotPermitted",
    IncorrectInstanceState => "IncorrectInstanceState",
    IncorrectState => "IncorrectState",
    InvalidInstanceId => "InvalidInstanceID",
    InvalidNetworkInterfaceInUse => "InvalidNetworkInterface.InUse",
    InvalidIpAddressInUse => "InvalidIPAddress.InUse",
    ResourceAlreadyAssociated => "Resource.AlreadyAssociated",
    ResourceAlreadyAssigned => "Resource.AlreadyAssigned",
    AttachmentLimitExceeded => "AttachmentLimitExceeded",
    PrivateIpAddressLimitExceeded => "PrivateIpAddressLimitExceeded",
    InvalidInterfaceIpAddressLimitExceeded => "InvalidInterface.IpAddressLimitExceeded",
    AddressLimitExceeded => "AddressLimitExceeded",
    SecurityGroupsPerInterfaceLimitExceeded => "SecurityGroupsPerInterfaceLimitExceeded",
    RulesPerSecurityGroupLimitExceeded => "RulesPerSecurityGroupLimitExceeded",
    VpcLimitExceeded => "VpcLimitExceeded",
    CidrLimitExceeded => "CidrLimitExceeded",
    InsufficientFreeAddressesInSubnet => "InsufficientFreeAddressesInSubnet",
    GatewayNotAttached => "Gateway.NotAttached",
    DependencyViolation => "DependencyViolation",
    CannotDelete => "CannotDelete",
    InvalidVpcRange => "InvalidVpc.Range",
    InvalidSubnetRange => "InvalidSubnet.Range",
    InvalidSubnetConflict => "InvalidSubnet.Conflict",
    DefaultVpcAlreadyExists => "DefaultVpcAlreadyExists",
    InvalidCidrInUse => "InvalidCidr.InUse",
    VpcIdNotSpecified => "VPCIdNotSpecified",
    DryRunOperation => "DryRunOperation",
    AuthFailure => "AuthFailure",
    UnsupportedHibernationConfiguration => "UnsupportedHibernationConfiguration",
    ByoipCidrLimitExceeded => "ByoipCidrLimitExceeded",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error answer from the model: EC2's code and a message in EC2's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ec2Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Ec2Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Ec2Error {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Ec2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "An error occurred ({}): {}", self.code, self.message)
    }
}

impl std::error::Error for Ec2Error {}

/// The result of a model operation.
pub type Ec2Result<T> = Result<T, Ec2Error>;
