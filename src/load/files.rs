//! Where profile files come from: the folders embedded in the binary, then each
//! `--profiles` folder in order (later folders win).

use crate::diagnostics::SourceFile;
use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};
use std::path::Path;
use std::sync::Arc;

static MARKETS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/markets");
static INDUSTRIES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/industries");
static RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");
static PRODUCTS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/products");
const CHANNELS: &str = include_str!("../../channels.yaml");
const PROMISES: &str = include_str!("../../promises.yaml");
const MESSAGING: &str = include_str!("../../messaging.yaml");

/// The profile kinds a layer may hold, each a folder of YAML files.
pub const FOLDERS: [&str; 4] = ["markets", "industries", "rules", "products"];
/// The single files a layer may hold.
pub const SINGLE_FILES: [&str; 3] = ["channels.yaml", "promises.yaml", "messaging.yaml"];

/// One layer of profiles: the built-ins, or one `--profiles` folder.
#[derive(Debug, Default)]
pub struct Layer {
    pub markets: Vec<Arc<SourceFile>>,
    pub industries: Vec<Arc<SourceFile>>,
    pub rules: Vec<Arc<SourceFile>>,
    pub products: Vec<Arc<SourceFile>>,
    pub channels: Option<Arc<SourceFile>>,
    pub promises: Option<Arc<SourceFile>>,
    pub messaging: Option<Arc<SourceFile>>,
    /// What the folder holds that is not loaded, worth a word to the user.
    pub warnings: Vec<String>,
}

impl Layer {
    pub fn folder_mut(&mut self, folder: &str) -> Option<&mut Vec<Arc<SourceFile>>> {
        match folder {
            "markets" => Some(&mut self.markets),
            "industries" => Some(&mut self.industries),
            "rules" => Some(&mut self.rules),
            "products" => Some(&mut self.products),
            _ => None,
        }
    }
}

fn embedded_folder(dir: &Dir<'_>, folder: &str) -> Vec<Arc<SourceFile>> {
    let mut files: Vec<Arc<SourceFile>> = dir
        .files()
        .filter(|f| is_yaml(f.path()))
        .map(|f| {
            Arc::new(SourceFile {
                path: format!("{folder}/{}", f.path().display()),
                text: f.contents_utf8().unwrap_or_default().to_string(),
                builtin: true,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The profiles compiled into the binary.
pub fn builtin() -> Layer {
    let single = |name: &str, text: &str| {
        Some(Arc::new(SourceFile {
            path: name.to_string(),
            text: text.to_string(),
            builtin: true,
        }))
    };
    Layer {
        markets: embedded_folder(&MARKETS, "markets"),
        industries: embedded_folder(&INDUSTRIES, "industries"),
        rules: embedded_folder(&RULES, "rules"),
        products: embedded_folder(&PRODUCTS, "products"),
        channels: single("channels.yaml", CHANNELS),
        promises: single("promises.yaml", PROMISES),
        messaging: single("messaging.yaml", MESSAGING),
        warnings: Vec::new(),
    }
}

/// The most any input may hold: profiles, products, waivers, baselines, test
/// cases, standard input and non-regular files alike.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads at most `MAX_INPUT_BYTES` (64 MiB) from `reader`; more is an error naming `label`.
pub fn read_limited(reader: impl std::io::Read, label: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader.take(MAX_INPUT_BYTES + 1), &mut bytes)
        .with_context(|| format!("{label}: cannot read it"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        bail!(crate::i18n::tr(
            format!(
                "{label}: more than {} MiB; expected a profile or report of at most that size",
                MAX_INPUT_BYTES / 1024 / 1024
            ),
            format!(
                "{label}：超过 {} MiB；档案或报告不能超过这个大小",
                MAX_INPUT_BYTES / 1024 / 1024
            )
        ));
    }
    Ok(bytes)
}

/// Reads a file a user named, with a message that says what was expected.
pub fn read_user_file(path: &Path) -> Result<SourceFile> {
    if path.is_dir() {
        bail!(crate::i18n::tr(
            format!("{}: is a directory; expected a YAML file", path.display()),
            format!("{}：这是一个文件夹；需要的是 YAML 文件", path.display())
        ));
    }
    let label = path.display().to_string();
    let file =
        std::fs::File::open(path).with_context(|| format!("{label}: cannot read the file"))?;
    source_from_bytes(&label, read_limited(file, &label)?)
}

/// A user's file from its bytes: invalid UTF-8 is located like any other
/// problem, and a byte-order mark is skipped.
pub fn source_from_bytes(label: &str, mut bytes: Vec<u8>) -> Result<SourceFile> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::text::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        anyhow::anyhow!(crate::i18n::tr(
            format!("{label}:{line}:{column}: the file is not valid UTF-8; expected UTF-8 text"),
            format!("{label}:{line}:{column}：文件不是合法的 UTF-8；需要 UTF-8 文本")
        ))
    })?;
    Ok(SourceFile {
        path: label.to_string(),
        text,
        builtin: false,
    })
}

/// A `--profiles` folder with the same layout as the built-ins.
pub fn overlay(dir: &Path) -> Result<Layer> {
    if dir.is_file() {
        bail!(crate::i18n::tr(
            format!(
                "{}: is a file; expected a profiles folder (markets/, industries/, rules/, products/, channels.yaml …)",
                dir.display()
            ),
            format!(
                "{}：这是一个文件；需要一个档案文件夹（markets/、industries/、rules/、products/、channels.yaml …）",
                dir.display()
            )
        ));
    }
    if !dir.is_dir() {
        bail!(crate::i18n::tr(
            format!(
                "{}: no such folder; expected a profiles folder (markets/, industries/, rules/, products/, channels.yaml …)",
                dir.display()
            ),
            format!(
                "{}：文件夹不存在；需要一个档案文件夹（markets/、industries/、rules/、products/、channels.yaml …）",
                dir.display()
            )
        ));
    }
    let mut layer = Layer::default();
    check_top_level(dir, &mut layer)?;
    for folder in FOLDERS {
        let path = dir.join(folder);
        if !path.is_dir() {
            continue;
        }
        let mut entries: Vec<std::path::PathBuf> = Vec::new();
        for entry in std::fs::read_dir(&path)
            .with_context(|| format!("{}: cannot list the folder", path.display()))?
        {
            let entry = entry
                .with_context(|| format!("{}: cannot list the folder", path.display()))?
                .path();
            // `is_file` follows symlinks: a dangling link, a FIFO or a device is
            // not a profile, and is never skipped without a word.
            if !entry.is_file() {
                let what = if entry.is_dir() {
                    None
                } else if std::fs::symlink_metadata(&entry)
                    .is_ok_and(|m| m.file_type().is_symlink())
                {
                    Some("a symbolic link to nothing")
                } else {
                    Some("not a regular file (a FIFO, socket or device)")
                };
                if let Some(what) = what {
                    bail!(crate::i18n::tr(
                        format!("{}: {what}; expected a YAML profile", entry.display()),
                        format!(
                            "{}：不是普通文件（可能是失效的链接、管道或设备）；需要 YAML 档案",
                            entry.display()
                        )
                    ));
                }
                continue;
            }
            if is_yaml(&entry) {
                entries.push(entry);
            } else if !is_hidden(&entry) {
                layer.warnings.push(crate::i18n::tr(
                    format!(
                        "{}: not a .yaml or .yml file; it is not loaded",
                        entry.display()
                    ),
                    format!("{}：不是 .yaml 或 .yml 文件，未加载", entry.display()),
                ));
            }
        }
        entries.sort();
        let files = entries
            .iter()
            .map(|p| read_user_file(p).map(Arc::new))
            .collect::<Result<Vec<_>>>()?;
        if let Some(slot) = layer.folder_mut(folder) {
            *slot = files;
        }
    }
    for name in SINGLE_FILES {
        let path = dir.join(name);
        if path.is_file() {
            let file = Some(Arc::new(read_user_file(&path)?));
            match name {
                "channels.yaml" => layer.channels = file,
                "promises.yaml" => layer.promises = file,
                _ => layer.messaging = file,
            }
        }
    }
    Ok(layer)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Folders a team keeps beside its profiles, which a profiles folder may hold.
const KNOWN_EXTRAS: [&str; 1] = ["rule-tests"];

/// The top of a profiles folder: a folder whose name is a near miss of a
/// profile folder (`market/`) is an error, since nothing in it would load;
/// another unknown folder is worth a warning.
fn check_top_level(dir: &Path, layer: &mut Layer) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list the folder", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    for name in names {
        if FOLDERS.contains(&name.as_str()) || KNOWN_EXTRAS.contains(&name.as_str()) {
            continue;
        }
        match crate::suggest(&name, FOLDERS.into_iter()) {
            Some(folder) => bail!(crate::i18n::tr(
                format!(
                    "{}: `{name}/` is not a profiles folder, so nothing in it would load; did you mean `{folder}/`?",
                    dir.display()
                ),
                format!(
                    "{}：`{name}/` 不是档案文件夹，其中内容不会被加载；你是不是要写 `{folder}/`？",
                    dir.display()
                )
            )),
            None => layer.warnings.push(crate::i18n::tr(
                format!(
                    "{}: the folder `{name}/` is not loaded (profiles go in markets/, industries/, rules/, products/)",
                    dir.display()
                ),
                format!(
                    "{}：文件夹 `{name}/` 不会被加载（档案应放在 markets/、industries/、rules/、products/）",
                    dir.display()
                ),
            )),
        }
    }
    Ok(())
}

/// A layer holding one file a user named, placed by its folder or file name;
/// a file elsewhere is taken for a product profile.
pub fn single(path: &Path) -> Result<Layer> {
    let file = Arc::new(read_user_file(path)?);
    let mut layer = Layer::default();
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match name {
        "channels.yaml" => layer.channels = Some(file),
        "promises.yaml" => layer.promises = Some(file),
        "messaging.yaml" => layer.messaging = Some(file),
        _ => match layer.folder_mut(folder) {
            Some(slot) => slot.push(file),
            None => layer.products.push(file),
        },
    }
    Ok(layer)
}

/// Reads a `--product` argument: `-` for standard input, or a file. `None`
/// when the argument is not a path but a built-in example's id.
pub fn read_product_arg(arg: &str) -> Result<Option<SourceFile>> {
    if arg == "-" {
        let bytes = read_limited(std::io::stdin(), "<stdin>")?;
        return source_from_bytes("<stdin>", bytes).map(Some);
    }
    let path = Path::new(arg);
    let looks_like_path = arg.contains(['/', '\\'])
        || arg.ends_with(".yaml")
        || arg.ends_with(".yml")
        || path.exists();
    if !looks_like_path {
        return Ok(None);
    }
    if !path.exists() {
        anyhow::bail!(crate::i18n::tr(
            format!(
                "{arg}: no such file; expected a product profile (YAML) or a built-in product id"
            ),
            format!("{arg}：文件不存在；请提供产品档案（YAML）或内置示例产品的 id")
        ));
    }
    read_user_file(path).map(Some)
}
