//! `operation!`: what the mock knows of an operation beyond reading its calls, from a
//! listing of one entry a line (so a changed operation is a one-line diff).

/// `operation!(Call { id: "..", method: "GET", path: "..", security: [[scheme, ..], ..],
/// reply: Type = answer, error: Type = failure, expect: method_name, paged, })` writes
/// `Operation` for `Call` (whose own `read` reads a request) and the operation's methods
/// on `MockServer` and `Received`. An answer is `json(status, media type)`,
/// `text(status, media type)`, `bytes(status, media type)`, `empty(status)` or
/// `custom(T)` (the call type's own `answer`; `T` is what the example body decodes
/// into); a failure is `json(media type)` or `custom` (the call type's `failure`).
#[allow(unused_macros)]
macro_rules! operation {
    ($call:ident {
        id: $id:literal,
        method: $method:literal,
        path: $path:literal,
        security: [$([$($scheme:path),*]),*],
        reply: $reply:ty = $answer:ident($($answer_args:tt)*),
        error: $error:ty = $failure:ident $(($($failure_args:tt)*))?,
        expect: $expect:ident,
        $($marker:ident,)*
    }) => {
        impl $crate::mock::Operation for $call {
            const ID: &'static str = $id;
            const METHOD: &'static str = $method;
            const PATH: &'static str = $path;
            const SECURITY: &'static [&'static [$crate::runtime::Scheme]] = &[$(&[$($scheme),*]),*];
            type Reply = $reply;
            type Error = $error;

            fn decode(
                incoming: &$crate::mock::Incoming,
            ) -> ::std::result::Result<Self, $crate::mock::Refusal> {
                Self::read(incoming)
            }

            fn reply(reply: Self::Reply) -> $crate::mock::Answer {
                $crate::mock::operation!(@answer reply $answer($($answer_args)*))
            }

            fn error(
                status: u16,
                error: Self::Error,
            ) -> ::std::result::Result<$crate::mock::Answer, ::std::string::String> {
                $crate::mock::operation!(@failure status error $failure $(($($failure_args)*))?)
            }

            fn check_example(body: &[u8]) -> ::std::result::Result<(), ::std::string::String> {
                $crate::mock::operation!(@check body $reply, $answer($($answer_args)*))
            }
        }

        impl $crate::mock::MockServer {
            #[doc = ::std::concat!(
                "Expects calls of [`Client::", ::std::stringify!($expect), "`](crate::Client::",
                ::std::stringify!($expect), ") (`", $method, " ", $path, "`)."
            )]
            pub fn $expect(&self) -> $crate::mock::Expect<'_, $call> {
                self.expect()
            }
        }

        impl $crate::mock::Received<'_> {
            #[doc = ::std::concat!(
                "The calls of [`Client::", ::std::stringify!($expect), "`](crate::Client::",
                ::std::stringify!($expect), ") received so far."
            )]
            pub fn $expect(&self) -> ::std::vec::Vec<$call> {
                self.calls()
            }
        }

        $($crate::mock::operation!(@marker $marker $call);)*
    };
    (@answer $reply:ident json($status:literal, $media:literal)) => {
        $crate::mock::Answer::json($status, $media, &$reply)
    };
    (@answer $reply:ident text($status:literal, $media:literal)) => {
        $crate::mock::Answer::text($status, $media, $reply)
    };
    (@answer $reply:ident bytes($status:literal, $media:literal)) => {
        $crate::mock::Answer::bytes($status, $media, $reply)
    };
    (@answer $reply:ident empty($status:literal)) => {{
        let () = $reply;
        $crate::mock::Answer::empty($status)
    }};
    (@answer $reply:ident custom($example:ty)) => {
        Self::answer($reply)
    };
    (@failure $status:ident $error:ident json($media:literal)) => {
        ::std::result::Result::Ok($crate::mock::Answer::json($status, $media, &$error))
    };
    (@failure $status:ident $error:ident custom) => {
        Self::failure($status, $error)
    };
    (@check $body:ident $reply:ty, json($($args:tt)*)) => {
        $crate::mock::decodes::<$reply>($body)
    };
    (@check $body:ident $reply:ty, custom($example:ty)) => {
        $crate::mock::decodes::<$example>($body)
    };
    (@check $body:ident $reply:ty, $answer:ident($($args:tt)*)) => {{
        let _ = $body;
        ::std::result::Result::Ok(())
    }};
    (@marker paged $call:ident) => {
        impl $crate::mock::Paged for $call {}
    };
}

#[allow(unused_imports)]
pub(crate) use operation;
