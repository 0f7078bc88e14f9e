#!/bin/bash
# Failover with a secondary network interface: the service address (a private IP and
# its Elastic IP) lives on an interface that moves from a failed instance to a standby.
netlab() { :; }
SUBNET=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a \
  --query 'Subnets[0].SubnetId' --output text)
SG=$(aws ec2 create-security-group --group-name web --description "web service" \
  --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0
WEB=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
  --subnet-id $SUBNET --query 'Instances[0].InstanceId' --output text)
STANDBY=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
  --subnet-id $SUBNET --query 'Instances[0].InstanceId' --output text)
SERVICE=$(aws ec2 create-network-interface --subnet-id $SUBNET --groups $SG \
  --description "web service address" --query NetworkInterface.NetworkInterfaceId --output text)
ATTACHMENT=$(aws ec2 attach-network-interface --network-interface-id $SERVICE \
  --instance-id $WEB --device-index 1 --query AttachmentId --output text)
ALLOC=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)
aws ec2 associate-address --allocation-id $ALLOC --network-interface-id $SERVICE
SERVICE_IP=$(aws ec2 describe-addresses --allocation-ids $ALLOC \
  --query 'Addresses[0].PublicIp' --output text)
netlab send-traffic --to $SERVICE_IP --port 80
netlab fail-instance --instance-id $WEB
netlab send-traffic --to $SERVICE_IP --port 80
aws ec2 detach-network-interface --attachment-id $ATTACHMENT --force
aws ec2 attach-network-interface --network-interface-id $SERVICE --instance-id $STANDBY --device-index 1
netlab send-traffic --to $SERVICE_IP --port 80
