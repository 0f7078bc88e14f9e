//! The benchmark scenario: an AWS CLI script of `steps` steps that launches instances,
//! moves interfaces between them, moves Elastic IPs, and describes what it made by id.
//! Every step succeeds, however long the script, so that the benchmark measures work, not
//! refusals. Shared by the criterion benchmarks and the `scenario` example.

/// Elastic IPs the scenario keeps moving (within the default quota of five).
const ELASTIC_IPS: usize = 4;

/// The script, one step per line (captures included), ending after exactly `steps` steps.
pub fn script(steps: usize) -> String {
    let mut lines: Vec<String> = Vec::with_capacity(steps + 16);
    lines.push("S=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a --query 'Subnets[0].SubnetId' --output text)".into());
    for e in 0..ELASTIC_IPS {
        lines.push(format!(
            "P{e}=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)"
        ));
    }
    // Cell k: a new instance and interface; the interface is attached, given an Elastic IP,
    // described, then moved to the previous cell's instance (its device index 2).
    let mut k = 0;
    while lines.len() < steps {
        let eip = k % ELASTIC_IPS;
        lines.push(format!("I{k}=$(aws ec2 run-instances --image-id ami-12345678 --instance-type m5.large --subnet-id $S --query 'Instances[0].InstanceId' --output text)"));
        lines.push(format!("E{k}=$(aws ec2 create-network-interface --subnet-id $S --description cell-{k} --query NetworkInterface.NetworkInterfaceId --output text)"));
        lines.push(format!("A{k}=$(aws ec2 attach-network-interface --network-interface-id $E{k} --instance-id $I{k} --device-index 1 --query AttachmentId --output text)"));
        lines.push(format!(
            "aws ec2 associate-address --allocation-id $P{eip} --network-interface-id $E{k}"
        ));
        lines.push(format!(
            "aws ec2 describe-network-interfaces --network-interface-ids $E{k}"
        ));
        if k > 0 {
            lines.push(format!(
                "aws ec2 detach-network-interface --attachment-id $A{k}"
            ));
            let prev = k - 1;
            lines.push(format!("A{k}=$(aws ec2 attach-network-interface --network-interface-id $E{k} --instance-id $I{prev} --device-index 2 --query AttachmentId --output text)"));
            lines.push(format!(
                "aws ec2 describe-instances --instance-ids $I{prev}"
            ));
        }
        lines.push(format!(
            "aws ec2 describe-addresses --allocation-ids $P{eip}"
        ));
        if k % 5 == 4 {
            lines.push(format!("aws ec2 stop-instances --instance-ids $I{k}"));
            lines.push(format!("aws ec2 start-instances --instance-ids $I{k}"));
        }
        k += 1;
    }
    lines.truncate(steps);
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
