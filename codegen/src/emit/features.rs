//! One cargo feature per operations module (per tag), when the settings ask: a type is
//! compiled only with a feature whose operations reach it, so that a user of a huge API
//! builds the part they call.

use super::operations::OperationModule;
use crate::ir::{Api, PerType, TypeId};
use proc_macro2::TokenStream;
use quote::quote;

/// The feature of an operations module: the module's name, except `default`, which is
/// Cargo's own.
pub(crate) fn feature_name(module: &OperationModule) -> String {
    match module.name.as_str() {
        "default" => "default-tag".to_owned(),
        name => name.to_owned(),
    }
}

/// Per type, the features that compile it; `None` for a type every build has (one that
/// every module reaches, or that no operation reaches, or that such a type holds).
pub(crate) fn type_gates(api: &Api, modules: &[OperationModule]) -> PerType<Option<Vec<String>>> {
    // Per type, the modules reaching it; `modules.len()` stands for "every build".
    let mut reached: PerType<Vec<usize>> = PerType::new(api, Vec::new());
    let spread = |roots: Vec<TypeId>, label: usize, reached: &mut PerType<Vec<usize>>| {
        let mut todo = roots;
        while let Some(id) = todo.pop() {
            if !reached[id].contains(&label) {
                reached[id].push(label);
                todo.extend(api.type_dependencies(id));
            }
        }
    };
    for (index, module) in modules.iter().enumerate() {
        let roots = (module.operations.iter())
            .flat_map(|&i| Api::operation_types(&api.operations[i]))
            .collect();
        spread(roots, index, &mut reached);
    }
    // The webhooks module is not gated: what it names is always compiled.
    let unreached: Vec<TypeId> = api
        .type_ids()
        .filter(|&id| reached[id].is_empty())
        .chain(api.webhook_types())
        .collect();
    spread(unreached, modules.len(), &mut reached);
    (reached.into_values().into_iter())
        .map(|mut labels| {
            if labels.contains(&modules.len()) || labels.len() == modules.len() {
                return None;
            }
            labels.sort_unstable();
            Some(labels.iter().map(|&i| feature_name(&modules[i])).collect())
        })
        .collect()
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(..))]` for several.
pub(crate) fn cfg_attribute(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        several => quote!(#[cfg(any(#(feature = #several),*))]),
    }
}

/// `#[cfg(all(..))]` of every feature: what needs the whole crate (the examples test).
pub(crate) fn all_features_attribute(modules: &[OperationModule]) -> TokenStream {
    let names = modules.iter().map(feature_name);
    quote!(#[cfg(all(#(feature = #names),*))])
}

/// Each item of `items` under `cfg` (`items` are whole items, as emit makes them).
pub(crate) fn gate_items(
    items: TokenStream,
    cfg: &TokenStream,
) -> Result<TokenStream, crate::bug::Bug> {
    let file: syn::File = syn::parse2(items).map_err(|err| crate::bug::Bug::Unparsable {
        item: "a gated type".to_owned(),
        message: err.to_string(),
    })?;
    let items = file.items.into_iter().map(|item| quote!(#cfg #item));
    Ok(quote!(#(#items)*))
}

/// The manifest's `[features]`: every module's, all on by default (one a line, so that
/// a tag added is a line added).
pub(crate) fn manifest_features(modules: &[OperationModule]) -> String {
    let names: Vec<String> = modules.iter().map(feature_name).collect();
    let default: String = (names.iter())
        .map(|name| format!("    \"{name}\",\n"))
        .collect();
    let mut text = format!(
        "\n# One feature per tag: `default-features = false, features = [..]` builds only\n\
         # those operations and the types they reach.\n[features]\ndefault = [\n{default}]\n"
    );
    for name in &names {
        text.push_str(&format!("{name} = []\n"));
    }
    text
}
