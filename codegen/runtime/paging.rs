//! Streams over paged list operations.

use futures_util::stream::{self, Stream, StreamExt};
use std::future::Future;

/// The items of every page, in order: `fetch` gets the parameters of a page and returns
/// its items and the parameters of the next page, if there is one. The stream ends after
/// the last page, or after yielding the first error.
pub fn paginate<P, T, E, F, Fut>(first: P, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(P) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<P>), E>>,
{
    let pages = stream::unfold((Some(first), fetch), |(next, mut fetch)| async move {
        let params = next?;
        match fetch(params).await {
            Ok((items, next)) => Some((Ok(items), (next, fetch))),
            Err(err) => Some((Err(err), (None, fetch))),
        }
    });
    pages.flat_map(|page| {
        let items: Vec<Result<T, E>> = match page {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(err) => vec![Err(err)],
        };
        stream::iter(items)
    })
}

/// The 1-based index of the page after one that began at `start` and brought `received`
/// items, out of `total` when the server said; `None` after the last page.
pub fn next_start(start: u64, received: usize, total: Option<f64>) -> Option<u64> {
    if received == 0 {
        return None;
    }
    let next = start.saturating_add(received as u64);
    match total {
        Some(total) if (next - 1) as f64 >= total => None,
        _ => Some(next),
    }
}
