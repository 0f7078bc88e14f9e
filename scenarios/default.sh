#!/bin/bash
# The lab's starting point: a fresh account's default VPC in us-east-1, with a web
# server and its standby in us-east-1a and an app server in us-east-1b. The web server
# has a second network interface, the service interface, whose Elastic IP is the
# service's public address; a spare interface waits unattached in us-east-1a.
netlab() { :; }
SUBNET_A=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a \
  --query 'Subnets[0].SubnetId' --output text)
SUBNET_B=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1b \
  --query 'Subnets[0].SubnetId' --output text)
WEB_SG=$(aws ec2 create-security-group --group-name web --description "web service" \
  --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $WEB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0
WEB=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
  --subnet-id $SUBNET_A --query 'Instances[0].InstanceId' --output text)
STANDBY=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
  --subnet-id $SUBNET_A --query 'Instances[0].InstanceId' --output text)
APP=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type m5.large \
  --subnet-id $SUBNET_B --query 'Instances[0].InstanceId' --output text)
SERVICE=$(aws ec2 create-network-interface --subnet-id $SUBNET_A --groups $WEB_SG \
  --description "web service address" --query NetworkInterface.NetworkInterfaceId --output text)
aws ec2 attach-network-interface --network-interface-id $SERVICE --instance-id $WEB --device-index 1
SERVICE_EIP=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)
aws ec2 associate-address --allocation-id $SERVICE_EIP --network-interface-id $SERVICE
SPARE=$(aws ec2 create-network-interface --subnet-id $SUBNET_A --description "spare interface" \
  --query NetworkInterface.NetworkInterfaceId --output text)
