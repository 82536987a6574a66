//! The setters of the generated `...Params` structs (an operation's optional
//! parameters), written once as a macro so that `operations/` lists only each field,
//! the type its setter takes and the parameter's wire name.

/// `setters!(Params { field: Type = "wireName", .. })`: for each entry a builder method
/// `field(self, value: Type) -> Self` that sets the field to `Some(value.into())`;
/// `Type` may be `impl Into<String>`. Unused by documents without optional parameters.
#[allow(unused_macros)]
macro_rules! setters {
    ($name:ident { $($field:ident: $ty:ty = $wire:literal,)* }) => {
        impl $name {
            $(
                #[doc = ::std::concat!("Sets `", $wire, "`.")]
                // A parameter may be called `sub` or `next`: its setter is named after it.
                #[allow(clippy::useless_conversion, clippy::should_implement_trait)]
                pub fn $field(mut self, value: $ty) -> Self {
                    self.$field = ::std::option::Option::Some(value.into());
                    self
                }
            )*
        }
    };
}

#[allow(unused_imports)]
pub(crate) use setters;
