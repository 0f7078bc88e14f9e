#!/bin/bash
# When an auto-assigned public IPv4 address is kept, released and renewed.
netlab() { :; }
I=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --query 'Instances[0].InstanceId' --output text)
FIRST=$(aws ec2 describe-instances --instance-ids $I --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)
aws ec2 reboot-instances --instance-ids $I
aws ec2 stop-instances --instance-ids $I
aws ec2 start-instances --instance-ids $I
SECOND=$(aws ec2 describe-instances --instance-ids $I --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)
# The first address went back to Amazon's pool: it cannot be allocated as an Elastic IP.
# expect: AuthFailure
aws ec2 allocate-address --address $FIRST
ALLOC=$(aws ec2 allocate-address --query AllocationId --output text)
ASSOC=$(aws ec2 associate-address --allocation-id $ALLOC --instance-id $I --query AssociationId --output text)
aws ec2 disassociate-address --association-id $ASSOC
# A second interface: a released public address is not renewed while two are attached.
SUBNET=$(aws ec2 describe-instances --instance-ids $I --query 'Reservations[0].Instances[0].SubnetId' --output text)
ENI=$(aws ec2 create-network-interface --subnet-id $SUBNET --query NetworkInterface.NetworkInterfaceId --output text)
aws ec2 attach-network-interface --network-interface-id $ENI --instance-id $I --device-index 1
aws ec2 stop-instances --instance-ids $I
aws ec2 start-instances --instance-ids $I
aws ec2 describe-instances --instance-ids $I --query 'Reservations[0].Instances[0].PublicIpAddress'
