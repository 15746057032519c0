//! subreg: a GDPR sub-processor registry kept as reviewed data.
//!
//! Dependencies run one way: [`model`] <- [`load`] / [`schema`] <-
//! [`knowledge`] <- [`rules`] <- the binary's `cli`. [`render`] and
//! [`inject`] are pure functions on text. Nothing in the library prints,
//! exits or reads the clock.

pub mod atomic;
pub mod diag;
pub mod diff;
pub mod documents;
pub mod import;
pub mod inject;
pub mod knowledge;
pub mod limits;
pub mod load;
pub mod lock;
pub mod model;
pub mod pointer;
pub mod render;
pub mod revision;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod session;
pub mod suggest;
pub mod synthetic;
