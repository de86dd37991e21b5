//! Typed reads out of a [`Json`] tree, each failure a [`ConsentError`] naming the field path.
use crate::core::map::Map;

use super::error::{cat, join, ConsentError};
use super::json::Json;

/// Which error-code family a reader reports in (`config.*` or `update.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Config,
    Update,
}

impl Family {
    fn code(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Family::Config, Kind::Syntax) => "config.syntax",
            (Family::Config, Kind::Limit) => "config.too_large",
            (Family::Config, Kind::Type) => "config.invalid_type",
            (Family::Config, Kind::Unknown) => "config.unknown_field",
            (Family::Config, Kind::Missing) => "config.missing_field",
            (Family::Update, Kind::Unknown) => "update.unknown_field",
            (Family::Update, _) => "update.invalid",
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Syntax,
    /// Past a limit of the JSON reader (size, depth, number of values).
    Limit,
    Type,
    Unknown,
    Missing,
}

pub fn parse(fam: Family, text: &str) -> Result<Json, ConsentError> {
    Json::parse(text).map_err(|e| {
        ConsentError::new(
            fam.code(if e.limit { Kind::Limit } else { Kind::Syntax }),
            "",
            cat(&[
                if e.limit {
                    "too large to read: "
                } else {
                    "not valid JSON: "
                },
                e.reason,
                " at character ",
                &super::error::num(e.offset as u64, 1),
            ]),
        )
    })
}

fn type_err(fam: Family, path: &str, want: &str, got: &Json) -> ConsentError {
    ConsentError::new(
        fam.code(Kind::Type),
        path,
        cat(&["must be ", want, ", not ", got.kind()]),
    )
}

/// An object's fields, after checking every key is one of `allowed`.
pub fn object<'a>(
    fam: Family,
    v: &'a Json,
    path: &str,
    allowed: &[&str],
) -> Result<Fields<'a>, ConsentError> {
    let Json::Obj(fields) = v else {
        return Err(type_err(fam, path, "an object", v));
    };
    if let Some((k, _)) = fields.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
        return Err(ConsentError::new(
            fam.code(Kind::Unknown),
            join(path, k),
            cat(&["unknown field; expected one of: ", &allowed.join(", ")]),
        ));
    }
    Ok(Fields {
        fam,
        fields,
        path: path.to_string(),
    })
}

pub struct Fields<'a> {
    fam: Family,
    fields: &'a [(String, Json)],
    path: String,
}

impl<'a> Fields<'a> {
    pub fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// A present, non-null field.
    pub fn opt(&self, key: &str) -> Option<&'a Json> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Json::Null)
    }

    pub fn need(&self, key: &str) -> Result<&'a Json, ConsentError> {
        self.opt(key).ok_or_else(|| {
            ConsentError::new(self.fam.code(Kind::Missing), self.path(key), "is required")
        })
    }

    pub fn string(&self, key: &str) -> Result<String, ConsentError> {
        string(self.fam, self.need(key)?, &self.path(key))
    }

    pub fn opt_string(&self, key: &str) -> Result<Option<String>, ConsentError> {
        self.opt(key)
            .map(|v| string(self.fam, v, &self.path(key)))
            .transpose()
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, ConsentError> {
        match self.opt(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(type_err(self.fam, &self.path(key), "true or false", v)),
        }
    }

    pub fn opt_int(&self, key: &str) -> Result<Option<i64>, ConsentError> {
        match self.opt(key) {
            None => Ok(None),
            Some(Json::Int(n)) => Ok(Some(*n)),
            Some(v) => Err(type_err(self.fam, &self.path(key), "a whole number", v)),
        }
    }

    pub fn opt_array(&self, key: &str) -> Result<&'a [Json], ConsentError> {
        match self.opt(key) {
            None => Ok(&[]),
            Some(Json::Arr(items)) => Ok(items),
            Some(v) => Err(type_err(self.fam, &self.path(key), "an array", v)),
        }
    }

    pub fn opt_strings(&self, key: &str) -> Result<Vec<String>, ConsentError> {
        let path = self.path(key);
        self.opt_array(key)?
            .iter()
            .enumerate()
            .map(|(i, v)| string(self.fam, v, &item(&path, i)))
            .collect()
    }

    /// An object of booleans (`{id: bool}`); absent means empty.
    pub fn opt_bool_map(&self, key: &str) -> Result<Map<bool>, ConsentError> {
        let path = self.path(key);
        match self.opt(key) {
            None => Ok(Map::new()),
            Some(Json::Obj(fields)) => fields
                .iter()
                .map(|(k, v)| match v {
                    Json::Bool(b) => Ok((k.clone(), *b)),
                    _ => Err(type_err(self.fam, &join(&path, k), "true or false", v)),
                })
                .collect(),
            Some(v) => Err(type_err(self.fam, &path, "an object", v)),
        }
    }
}

pub fn string(fam: Family, v: &Json, path: &str) -> Result<String, ConsentError> {
    match v {
        Json::Str(s) => Ok(s.clone()),
        _ => Err(type_err(fam, path, "a string", v)),
    }
}

/// `{ key: "text" }` → map.
pub fn string_map(fam: Family, v: &Json, path: &str) -> Result<Map<String>, ConsentError> {
    match v {
        Json::Obj(fields) => fields
            .iter()
            .map(|(k, v)| Ok((k.clone(), string(fam, v, &join(path, k))?)))
            .collect(),
        _ => Err(type_err(fam, path, "an object", v)),
    }
}

/// For array items: the element's path, `path[i]`.
pub(crate) use super::error::item;

pub fn want_type(fam: Family, path: &str, want: &str, got: &Json) -> ConsentError {
    type_err(fam, path, want, got)
}
