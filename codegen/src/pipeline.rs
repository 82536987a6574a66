//! Emit and format together: the crate divided into units of work (a per-tag file, 24
//! types, ...), which two threads take from one queue until it is empty, each emitting
//! and printing what it takes (token streams cannot cross threads), so that neither
//! waits for the other however the work and the machine's speed are spread; then the
//! printed units are put together in order.

use crate::bug::Bug;
use crate::emit::{CrateInfo, GeneratedFile, Layout, Printed, Unit};
use crate::ir::Api;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The files of the crate for `api`, formatted.
pub fn generate_files(api: &Api, info: &CrateInfo) -> Result<Vec<GeneratedFile>, Bug> {
    let layout = Layout::new(api, info);
    let units = layout.units();
    let printed = on_two_threads(&units, |unit| crate::format::print(layout.emit_unit(unit)?))?;
    layout.assemble(printed)
}

/// `work` on each unit, on this thread and one other, the results in the units' order.
fn on_two_threads(
    units: &[Unit],
    work: impl Fn(&Unit) -> Result<Printed, Bug> + Sync,
) -> Result<Vec<Printed>, Bug> {
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(unit) = units.get(index) else {
                return done;
            };
            done.push((index, work(unit)));
        }
    };
    let (mine, theirs) = std::thread::scope(|scope| {
        let second = scope.spawn(take);
        let mine = take();
        (mine, second.join())
    });
    let theirs = theirs.map_err(|_| Bug::Pipeline("emitting on the second thread panicked"))?;
    let mut done: Vec<Option<Result<Printed, Bug>>> = Vec::with_capacity(units.len());
    done.resize_with(units.len(), || None);
    for (index, result) in mine.into_iter().chain(theirs) {
        done[index] = Some(result);
    }
    (done.into_iter())
        .map(|result| result.unwrap_or(Err(Bug::Pipeline("a unit of work went missing"))))
        .collect()
}
