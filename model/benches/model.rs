//! Model benchmarks (criterion): the attach/detach cycle, a 10,000-step script end to end,
//! and allocating every address of a /16 subnet. Run them with `scripts/bench-model.sh`.
//! Memory of a big world is measured by the `world_memory` example.

#[path = "support/scenario.rs"]
mod scenario;

#[path = "support/big_subnet.rs"]
mod big_subnet;

#[path = "support/discarded.rs"]
mod discarded;

use big_subnet::{big_subnet, BigSubnet};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use netlab_model::ids::IdGenerator;
use netlab_model::network_interface::AttachNetworkInterface;
use netlab_model::private_ipv4::SubnetAddresses;
use netlab_model::runner::{run_text, write_json_lines, Vars};
use netlab_model::World;
use std::hint::black_box;
use std::io::Write;

/// The allocator the `netlab` command runs the model with (`cli/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A Region with `instances` m5.large instances, each with a second interface attached,
/// plus one instance and one free interface to move; returns the last two.
fn populated(
    instances: u32,
) -> (
    World,
    netlab_model::ids::InstanceId,
    netlab_model::ids::NetworkInterfaceId,
) {
    let mut world = World::new(7);
    let region = world.region_mut("us-east-1").unwrap();
    let BigSubnet { launch, create } = big_subnet(region);
    let mut last = None;
    for _ in 0..=instances {
        let instance = region.run_instances(&launch).unwrap().instances[0].instance_id;
        let eni = region
            .create_network_interface(&create)
            .unwrap()
            .network_interface_id;
        last = Some((instance, eni));
        region
            .attach_network_interface(&AttachNetworkInterface {
                network_interface_id: eni,
                instance_id: instance,
                device_index: 1,
                network_card_index: 0,
            })
            .unwrap();
    }
    let (instance, _) = last.unwrap();
    let free = region
        .create_network_interface(&create)
        .unwrap()
        .network_interface_id;
    (world, instance, free)
}

fn attach_detach(c: &mut Criterion) {
    let mut group = c.benchmark_group("attach_detach_cycle");
    group.throughput(Throughput::Elements(1));
    for instances in [10, 10_000] {
        let (mut world, instance, eni) = populated(instances);
        let region = world.region_mut("us-east-1").unwrap();
        let request = AttachNetworkInterface {
            network_interface_id: eni,
            instance_id: instance,
            device_index: 2,
            network_card_index: 0,
        };
        group.bench_function(format!("{instances}_instances"), |b| {
            b.iter(|| {
                let attachment = region.attach_network_interface(&request).unwrap();
                region
                    .detach_network_interface(black_box(attachment.attachment_id), false)
                    .unwrap();
            })
        });
    }
    group.finish();
}

fn script_10k(c: &mut Criterion) {
    let text = scenario::script(10_000);
    let mut group = c.benchmark_group("script");
    group.sample_size(10);
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("10000_steps_end_to_end", |b| {
        b.iter(|| {
            let mut world = World::new(0);
            let mut vars = Vars::new();
            let results = run_text(&mut world, &mut vars, black_box(&text)).unwrap();
            let mut out = discarded::stdout_like();
            write_json_lines(&results, &mut out).unwrap();
            out.flush().unwrap();
            assert_eq!(results.len(), 10_000);
            out.get_ref().bytes
        })
    });
    group.finish();
}

fn allocate_slash_16(c: &mut Criterion) {
    let mut group = c.benchmark_group("allocate_slash_16");
    group.sample_size(10);
    group.throughput(Throughput::Elements(65_536 - 5));
    let block = "10.0.0.0/16".parse().unwrap();
    group.bench_function("subnet_allocator", |b| {
        b.iter_batched(
            || (SubnetAddresses::new(block), IdGenerator::new(1)),
            |(mut subnet, mut ids)| {
                let mut n = 0;
                while subnet.take_any(&mut ids).is_ok() {
                    n += 1;
                }
                assert_eq!(n, 65_536 - 5);
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, attach_detach, script_10k, allocate_slash_16);
criterion_main!(benches);
