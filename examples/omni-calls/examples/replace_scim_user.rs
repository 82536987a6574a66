//! Replaces a SCIM user (the call the project started from): the user attributes and
//! the enterprise extension travel under their `urn:` keys, exactly as SCIM names them.
//! SCIM calls take an Organization API Key.
//!
//! `cargo run -p omni-calls --example replace_scim_user -- <user id> <email> "<name>"`

use omni_client::types::{ScimUserPutRequest, ScimUserPutRequestUserAttributeValue};

#[tokio::main]
async fn main() -> omni_calls::Outcome {
    let client = omni_client::Client::from_env()?;
    let id = omni_calls::argument(1, "the SCIM user id")?;
    let attributes = [(
        "region".to_owned(),
        Some(ScimUserPutRequestUserAttributeValue::String(
            "emea".to_owned(),
        )),
    )];
    let user = ScimUserPutRequest {
        user_name: omni_calls::argument(2, "the user's email")?,
        display_name: Some(omni_calls::argument(3, "the user's name")?),
        active: Some(true),
        user_attribute: Some(attributes.into_iter().collect()),
        ..Default::default()
    };
    let replaced = client.scim_users_replace(&id, &user).await?;
    println!(
        "{} is {} ({})",
        replaced.id, replaced.display_name, replaced.user_name
    );
    Ok(())
}
