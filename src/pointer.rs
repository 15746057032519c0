//! JSON Pointers (RFC 6901): how schema errors, span indexes and rules name
//! a value inside a file, e.g. `/transfers/1/mechanism`.

/// Appends one reference token to `pointer`, escaping `~` and `/`.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            _ => pointer.push(c),
        }
    }
}

/// `base` with `tokens` appended.
#[must_use]
pub fn join(base: &str, tokens: &[&str]) -> String {
    let mut pointer = base.to_owned();
    for token in tokens {
        push_token(&mut pointer, token);
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tokens() {
        assert_eq!(join("", &["a/b~c", "0"]), "/a~1b~0c/0");
    }
}
