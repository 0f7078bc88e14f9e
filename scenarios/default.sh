#!/bin/bash
# The lab's starting point: a fresh account's default VPC in us-east-1, with a web
# server and its standby in us-east-1a and an app server in us-east-1b.
netlab() { :; }
SUBNET_A=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a \
  --query 'Subnets[0].SubnetId' --output text)
SUBNET_B=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1b \
  --query 'Subnets[0].SubnetId' --output text)
WEB=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
  --subnet-id $SUBNET_A --query 'Instances[0].InstanceId' --output text)
STANDBY=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
  --subnet-id $SUBNET_A --query 'Instances[0].InstanceId' --output text)
APP=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type m5.large \
  --subnet-id $SUBNET_B --query 'Instances[0].InstanceId' --output text)
