//! Heap used by a big world: 10,000 instances with 30,000 network interfaces (each
//! m5.large with its primary interface and two more attached), counted by a global
//! allocator that keeps a running total.
//!
//! `cargo run --profile native -p netlab-model --example world_memory`

#[path = "../benches/support/big_subnet.rs"]
mod big_subnet;

use big_subnet::{big_subnet, BigSubnet};
use netlab_model::network_interface::AttachNetworkInterface;
use netlab_model::World;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes currently allocated and the peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const INSTANCES: usize = 10_000;
const EXTRA_INTERFACES: u32 = 2;

fn main() {
    let before = LIVE.load(Ordering::Relaxed);
    let mut world = World::new(0);
    let fresh = LIVE.load(Ordering::Relaxed) - before;
    let region = world.region_mut("us-east-1").unwrap();
    let BigSubnet { launch, create } = big_subnet(region);
    for _ in 0..INSTANCES {
        let instance = region.run_instances(&launch).unwrap().instances[0].instance_id;
        for device_index in 1..=EXTRA_INTERFACES {
            let eni = region
                .create_network_interface(&create)
                .unwrap()
                .network_interface_id;
            region
                .attach_network_interface(&AttachNetworkInterface {
                    network_interface_id: eni,
                    instance_id: instance,
                    device_index,
                    network_card_index: 0,
                })
                .unwrap();
        }
    }
    let region = world.region("us-east-1").unwrap();
    let instances = region.instances().count();
    let interfaces = region.network_interfaces().count();
    let live = LIVE.load(Ordering::Relaxed) - before;
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    println!("world_memory: {instances} instances, {interfaces} network interfaces");
    println!(
        "world_memory: fresh world {:.2} MiB; big world {live} bytes = {:.2} MiB ({} bytes per interface); peak while building {:.2} MiB",
        mib(fresh),
        mib(live),
        live / interfaces,
        mib(PEAK.load(Ordering::Relaxed) - before)
    );
    drop(world);
}
