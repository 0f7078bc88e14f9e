#!/bin/bash
# A management network beside the workload network: two interfaces, two sets of rules.
netlab() { :; }
SUBNET=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a \
  --query 'Subnets[0].SubnetId' --output text)
WEB_SG=$(aws ec2 create-security-group --group-name workload --description "HTTPS from anywhere" \
  --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $WEB_SG --protocol tcp --port 443 --cidr 0.0.0.0/0
ADMIN_SG=$(aws ec2 create-security-group --group-name management --description "SSH from the office" \
  --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ADMIN_SG --protocol tcp --port 22 --cidr 198.51.100.0/24
I=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.medium \
  --subnet-id $SUBNET --security-group-ids $WEB_SG --query 'Instances[0].InstanceId' --output text)
ADMIN=$(aws ec2 create-network-interface --subnet-id $SUBNET --groups $ADMIN_SG \
  --description management --query NetworkInterface.NetworkInterfaceId --output text)
aws ec2 attach-network-interface --network-interface-id $ADMIN --instance-id $I --device-index 1
ALLOC=$(aws ec2 allocate-address --query AllocationId --output text)
aws ec2 associate-address --allocation-id $ALLOC --network-interface-id $ADMIN
ADMIN_IP=$(aws ec2 describe-addresses --allocation-ids $ALLOC --query 'Addresses[0].PublicIp' --output text)
netlab send-traffic --to $ADMIN_IP --port 22 --from 198.51.100.20
netlab send-traffic --to $ADMIN_IP --port 22 --from 192.0.2.50
netlab send-traffic --to $ADMIN_IP --port 443
