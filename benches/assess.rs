//! Benchmarks (criterion): placeholder until the benchmark suite lands.

use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    c.bench_function("load built-in catalog", |b| {
        b.iter(|| assess::catalog::Catalog::load(&assess::catalog::LoadOptions::default()))
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
