//! A small JSON reader and writer, written for bytes: serde_json plus serde_path_to_error cost about
//! 60 KB of brotli'd wasm here (measured), over the whole size budget. Numbers are integers only
//! (everything the SDK reads or writes is a count or a timestamp), so no float code is linked. Object
//! keys keep their order, and a duplicate key is an error rather than a silent overwrite.
//!
//! Bounded: the reader is linear in the input (the duplicate-key check compares each key of an
//! object of up to 32 with the ones before it, at most 31 times the input, and sorts the keys of a
//! larger one, n·log n), and past a limit it stops with an error whose `limit` is set: more than
//! [`MAX_BYTES`] of text, more than [`MAX_DEPTH`] levels of nesting, more than [`MAX_VALUES`] keys and
//! values together. Callers fail closed on any error (a config is refused, a request blocked).

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// An integer that fits in i64.
    Int(i64),
    /// A number with a fraction or exponent, or out of i64 range: kept only as text, so a reader can
    /// say "must be a whole number".
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Parse failure: a reason and the byte offset where it happened. `limit`: the input went past
/// one of the reader's limits (it may be valid JSON, but too big to read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub reason: &'static str,
    pub offset: usize,
    pub limit: bool,
}

/// Levels of nesting (arrays and objects) the reader follows.
pub const MAX_DEPTH: usize = 64;
/// Bytes of JSON text the reader accepts (4 MiB).
pub const MAX_BYTES: usize = 4 << 20;
/// Keys and values (every one counts, at any depth) the reader accepts.
pub const MAX_VALUES: usize = 500_000;

impl Json {
    pub fn parse(text: &str) -> Result<Json, ParseError> {
        let mut p = Parser {
            s: text,
            b: text.as_bytes(),
            i: 0,
            n: 0,
        };
        if text.len() > MAX_BYTES {
            return Err(p.limit("longer than 4 MiB"));
        }
        p.ws();
        let v = p.value(0)?;
        p.ws();
        if p.i != p.b.len() {
            return Err(p.err("unexpected characters after the JSON value"));
        }
        Ok(v)
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Int(_) | Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }

    /// The value as compact JSON text (numbers as they were read).
    pub fn to_text(&self) -> String {
        self.to_text_sized(0)
    }

    /// [`Json::to_text`] into a buffer of `capacity` bytes to begin with (the length of the text it
    /// was read from, say), so a large value is not copied again and again as it grows.
    pub fn to_text_sized(&self, capacity: usize) -> String {
        let mut out = String::with_capacity(capacity);
        self.write(&mut out);
        out
    }

    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => {
                if *n < 0 {
                    out.push('-');
                }
                super::error::num_into(out, n.unsigned_abs(), 1);
            }
            Json::Num(t) => out.push_str(t),
            Json::Str(s) => escape_into(out, s),
            Json::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    escape_into(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// Keys and values read so far.
    n: usize,
}

impl Parser<'_> {
    fn err(&self, reason: &'static str) -> ParseError {
        ParseError {
            reason,
            offset: self.i,
            limit: false,
        }
    }

    fn limit(&self, reason: &'static str) -> ParseError {
        ParseError {
            limit: true,
            ..self.err(reason)
        }
    }

    /// Counts one key or value against [`MAX_VALUES`].
    fn count(&mut self) -> Result<(), ParseError> {
        self.n += 1;
        if self.n > MAX_VALUES {
            return Err(self.limit("more than 500000 keys and values"));
        }
        Ok(())
    }

    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.b[self.i..].starts_with(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.limit("nested too deeply"));
        }
        self.count()?;
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => {
                let open = self.i;
                self.i += 1;
                let mut fields: Vec<(String, Json)> = Vec::new();
                self.ws();
                if self.eat(b"}") {
                    return Ok(Json::Obj(fields));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a quoted key"));
                    }
                    self.count()?;
                    let key = self.string()?;
                    self.ws();
                    if !self.eat(b":") {
                        return Err(self.err("expected ':'"));
                    }
                    self.ws();
                    let v = self.value(depth + 1)?;
                    fields.push((key, v));
                    self.ws();
                    if self.eat(b",") {
                        continue;
                    }
                    if self.eat(b"}") {
                        if let Some(k) = duplicate(&fields) {
                            return Err(ParseError {
                                reason: "duplicate key",
                                offset: self.key_at(open, k),
                                limit: false,
                            });
                        }
                        return Ok(Json::Obj(fields));
                    }
                    return Err(self.err("expected ',' or '}'"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b"]") {
                    return Ok(Json::Arr(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b",") {
                        continue;
                    }
                    if self.eat(b"]") {
                        return Ok(Json::Arr(items));
                    }
                    return Err(self.err("expected ',' or ']'"));
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') if self.eat(b"true") => Ok(Json::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Json::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    /// Where key `k` of the object opening at `open` starts (the duplicate-key error only: that
    /// object was read once without error, so reading it again up to key `k` cannot fail).
    fn key_at(&self, open: usize, k: usize) -> usize {
        let mut p = Parser {
            i: open + 1,
            n: 0,
            ..*self
        };
        for _ in 0..k {
            p.ws();
            let _ = p.string();
            p.ws();
            p.eat(b":");
            p.ws();
            let _ = p.value(0);
            p.ws();
            p.eat(b",");
        }
        p.ws();
        p.i
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.i;
        self.eat(b"-");
        let digits = |p: &mut Self| {
            let s = p.i;
            while matches!(p.b.get(p.i), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i - s
        };
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.b[int_start] == b'0') {
            return Err(self.err("malformed number"));
        }
        let mut integer = true;
        if self.eat(b".") {
            integer = false;
            if digits(self) == 0 {
                return Err(self.err("malformed number"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            integer = false;
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("malformed number"));
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        if integer {
            if let Ok(v) = text.parse::<i64>() {
                return Ok(Json::Int(v));
            }
        }
        Ok(Json::Num(text.to_string()))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.b.get(self.i) {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("bad \\u escape")),
            };
            v = v * 16 + d as u32;
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&c) = self.b.get(self.i) {
                if SPECIAL[c as usize] & 1 != 0 {
                    break;
                }
                self.i += 1;
            }
            // We stop only on ASCII bytes, so both ends are char boundaries of the input.
            out.push_str(self.s.get(start..self.i).unwrap_or(""));
            match self.b.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = *self
                        .b
                        .get(self.i)
                        .ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                if !self.eat(b"\\u") {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            out.push(
                                char::from_u32(cp)
                                    .ok_or_else(|| self.err("lone surrogate in \\u escape"))?,
                            );
                        }
                        _ => return Err(self.err("bad escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }
}

/// The index of the first repeated key of an object (the earliest key equal to one before it), if
/// any. Up to 32 keys (most objects) compared pairwise, at most 496 comparisons and no allocation;
/// more are heap-sorted with their indices, n·log n whatever the keys (a hand-written heap sort
/// links less code than the standard library's sorts).
fn duplicate(fields: &[(String, Json)]) -> Option<usize> {
    if fields.len() <= 32 {
        return (1..fields.len()).find(|&j| fields[..j].iter().any(|(k, _)| *k == fields[j].0));
    }
    let mut keys: Vec<(&[u8], usize)> = fields
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.as_bytes(), i))
        .collect();
    let n = keys.len();
    for start in (0..n / 2).rev() {
        sift(&mut keys, start);
    }
    for end in (1..n).rev() {
        keys.swap(0, end);
        sift(&mut keys[..end], 0);
    }
    // Equal keys sit together, in text order: the later of each equal pair is a repeat.
    keys.windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .map(|w| w[1].1)
        .min()
}

#[inline(never)]
fn sift(h: &mut [(&[u8], usize)], mut root: usize) {
    loop {
        let mut child = 2 * root + 1;
        let Some(c) = h.get(child) else { return };
        if h.get(child + 1).is_some_and(|d| c < d) {
            child += 1;
        }
        if h[root] >= h[child] {
            return;
        }
        h.swap(root, child);
        root = child;
    }
}

/// Builds JSON text. Commas are placed automatically.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// One entry per open container: has it had a member yet?
    open: Vec<bool>,
    after_key: bool,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    fn sep(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(had) = self.open.last_mut() {
            if *had {
                self.out.push(',');
            }
            *had = true;
        }
    }

    pub fn obj(&mut self) -> &mut Self {
        self.sep();
        self.out.push('{');
        self.open.push(false);
        self
    }

    pub fn end_obj(&mut self) -> &mut Self {
        self.open.pop();
        self.out.push('}');
        self
    }

    pub fn arr(&mut self) -> &mut Self {
        self.sep();
        self.out.push('[');
        self.open.push(false);
        self
    }

    pub fn end_arr(&mut self) -> &mut Self {
        self.open.pop();
        self.out.push(']');
        self
    }

    /// An array of strings, `items` in order.
    pub fn strs<S: AsRef<str>>(&mut self, items: impl IntoIterator<Item = S>) -> &mut Self {
        self.arr();
        for s in items {
            self.str(s.as_ref());
        }
        self.end_arr()
    }

    pub fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        escape_into(&mut self.out, k);
        self.out.push(':');
        self.after_key = true;
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.sep();
        escape_into(&mut self.out, s);
        self
    }

    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    pub fn int(&mut self, n: u64) -> &mut Self {
        self.sep();
        // Not `to_string()`: that links the formatting machinery (about 1 KB of wasm).
        self.out.push_str(&super::error::num(n, 1));
        self
    }

    pub fn opt_int(&mut self, n: Option<u64>) -> &mut Self {
        match n {
            Some(n) => self.int(n),
            None => self.null(),
        }
    }

    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.sep();
        self.out.push_str(if b { "true" } else { "false" });
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.out.push_str("null");
        self
    }

    /// `{"k":bool,…}` from pairs.
    pub fn bool_map<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a String, &'a bool)>,
    ) -> &mut Self {
        self.obj();
        for (k, v) in pairs {
            self.key(k).bool(*v);
        }
        self.end_obj()
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Bytes a string scan stops at: bit 1 for the reader (a quote, a backslash, a control character),
/// bit 2 for the writer (those, `<`, and 0xE2, the lead byte of U+2028/2029). One load per byte.
static SPECIAL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = 3;
        c += 1;
    }
    t[b'"' as usize] = 3;
    t[b'\\' as usize] = 3;
    t[b'<' as usize] = 2;
    t[0xE2] = 2;
    t
};

/// `s` as a JSON string literal. Runs that need no escape are copied whole (a byte scan, no char
/// decoding): this is the hot loop of every minimized event written back.
pub fn escape_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push('"');
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if SPECIAL[c as usize] & 2 == 0 {
            i += 1;
            continue;
        }
        // U+2028/2029 (E2 80 A8/A9) are escaped too, so the output is also safe inside a <script> block.
        let sep =
            c == 0xE2 && b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9));
        if c == 0xE2 && !sep {
            i += 1;
            continue;
        }
        // `run..i` ends before an ASCII byte or an E2 lead byte: a char boundary.
        out.push_str(s.get(run..i).unwrap_or(""));
        let v = match c {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'\n' => Some('n'),
            b'\r' => Some('r'),
            b'\t' => Some('t'),
            _ => None,
        };
        out.push('\\');
        let width = if sep { 3 } else { 1 };
        match v {
            Some(e) => out.push(e),
            None => {
                let cp = if sep {
                    0x2028 + u32::from(b[i + 2] - 0xA8)
                } else {
                    u32::from(c)
                };
                out.push('u');
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((cp >> shift) & 15) as usize] as char);
                }
            }
        }
        i += width;
        run = i;
    }
    out.push_str(s.get(run..).unwrap_or(""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let v =
            Json::parse(r#" {"a":[1,-2,true,null,"x\u00e9\ud83d\ude00"],"b":{"c":1.5}} "#).unwrap();
        assert_eq!(
            v.get("a"),
            Some(&Json::Arr(vec![
                Json::Int(1),
                Json::Int(-2),
                Json::Bool(true),
                Json::Null,
                Json::Str("xé😀".into())
            ]))
        );
        assert_eq!(
            v.get("b").and_then(|b| b.get("c")),
            Some(&Json::Num("1.5".into()))
        );
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,\"a\":2}",
            "01",
            "\"\\ud800\"",
            "tru",
            "{} x",
            "\"a\nb\"",
        ] {
            assert!(Json::parse(bad).is_err(), "{bad:?} should fail");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        let e = Json::parse(&deep).unwrap_err();
        assert_eq!((e.reason, e.limit), ("nested too deeply", true));
    }

    #[test]
    fn duplicate_keys_are_found_wherever_they_are() {
        let e = Json::parse(r#"{"b":1,"a":2,"c":3,"a":4,"b":5}"#).unwrap_err();
        assert_eq!((e.reason, e.offset, e.limit), ("duplicate key", 19, false));
        let many: Vec<String> = (0..1000).map(|i| format!("\"k{i}\":{i}")).collect();
        let text = format!("{{{},\"k500\":0}}", many.join(","));
        let e = Json::parse(&text).unwrap_err();
        assert_eq!(e.reason, "duplicate key");
        assert_eq!(&text[e.offset..e.offset + 7], "\"k500\":");
        assert!(Json::parse(&format!("{{{}}}", many.join(","))).is_ok());
        // The offset is found again past nested values, strings with escapes and whitespace.
        let text = "[0, { \"x\" : {\"y\":[1,{\"z\":\"}\\\",\"}]} ,\n \"a\":1, \"x\":3}]";
        let e = Json::parse(text).unwrap_err();
        assert_eq!(
            (e.reason, &text[e.offset..e.offset + 4]),
            ("duplicate key", "\"x\":")
        );
        assert_eq!(e.offset, text.rfind("\"x\"").unwrap());
    }

    #[test]
    fn limits_fail_closed() {
        let big = format!("[{}]", vec!["0"; MAX_VALUES].join(","));
        let e = Json::parse(&big).unwrap_err();
        assert!(e.limit, "{e:?}");
        let long = format!("\"{}\"", "x".repeat(MAX_BYTES));
        assert!(Json::parse(&long).unwrap_err().limit);
        assert!(Json::parse(&format!("[{}]", vec!["0"; MAX_VALUES - 1].join(","))).is_ok());
    }

    #[test]
    fn escapes_what_must_be_and_copies_the_rest() {
        let cases = [
            ("", r#""""#),
            ("plain ascii", r#""plain ascii""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\n\r\t\u{1}\u{1f}", r#""\n\r\t\u0001\u001f""#),
            ("</script>", r#""\u003c/script>""#),
            ("x\u{2028}y\u{2029}z", r#""x\u2028y\u2029z""#),
            (
                "\u{2027}\u{202a}€ é 日本 🙂",
                "\"\u{2027}\u{202a}€ é 日本 🙂\"",
            ),
            ("\u{2028}", r#""\u2028""#),
            ("ends with é\"", r#""ends with é\"""#),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            escape_into(&mut out, input);
            assert_eq!(out, want, "{input:?}");
            assert_eq!(Json::parse(&out), Ok(Json::Str(input.to_string())));
        }
    }

    #[test]
    fn writes_round_trip() {
        let mut w = Writer::new();
        w.obj()
            .key("s")
            .str("a\"b\\c\n</script>")
            .key("n")
            .int(42)
            .key("l")
            .arr();
        w.bool(true)
            .null()
            .opt_str(None)
            .end_arr()
            .key("o")
            .obj()
            .end_obj()
            .end_obj();
        let text = w.finish();
        assert_eq!(
            text,
            r#"{"s":"a\"b\\c\n\u003c/script>","n":42,"l":[true,null,null],"o":{}}"#
        );
        let back = Json::parse(&text).unwrap();
        assert_eq!(back.get("s"), Some(&Json::Str("a\"b\\c\n</script>".into())));
    }
}
