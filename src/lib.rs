//! subreg: a GDPR sub-processor registry kept as reviewed data.

pub mod render;
