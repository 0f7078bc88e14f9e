#!/bin/bash
# An IPv6 /56 for a VPC, a /64 for its subnet, and IPv6 addresses on an instance.
netlab() { :; }
VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --amazon-provided-ipv6-cidr-block \
  --query Vpc.VpcId --output text)
V6=$(aws ec2 describe-vpcs --vpc-ids $VPC \
  --query 'Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock' --output text)
SUBNET=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 \
  --ipv6-cidr-block "${V6%::/56}::/64" --query Subnet.SubnetId --output text)
aws ec2 modify-subnet-attribute --subnet-id $SUBNET --assign-ipv6-address-on-creation
I=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small \
  --subnet-id $SUBNET --query 'Instances[0].InstanceId' --output text)
ENI=$(aws ec2 describe-instances --instance-ids $I \
  --query 'Reservations[0].Instances[0].NetworkInterfaces[0].NetworkInterfaceId' --output text)
aws ec2 assign-ipv6-addresses --network-interface-id $ENI --ipv6-address-count 2
# The VPC keeps its IPv4 block: it cannot become IPv6-only.
V4ASSOC=$(aws ec2 describe-vpcs --vpc-ids $VPC \
  --query 'Vpcs[0].CidrBlockAssociationSet[0].AssociationId' --output text)
# expect: OperationNotPermitted
aws ec2 disassociate-vpc-cidr-block --association-id $V4ASSOC
