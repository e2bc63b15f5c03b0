//! Packaging of Lambda code into reproducible zip assets.
//!
//! A code path named in a program is either a folder, which is zipped here, or
//! a `.zip` file, which is taken byte for byte as it is. The result is an
//! [`Asset`]: the zip bytes, their SHA-256 and their sizes. [`write_asset`]
//! stores an asset as `<dir>/assets/<sha256>.zip`, through [`write_once`]
//! and [`write_atomic`], which write every file of `lfc build`'s output
//! (and `lfc fmt`'s) whole.
//!
//! Zipping a folder is reproducible: the same file contents give the same
//! bytes, whatever order the files were created in and whatever their
//! timestamps, owners or permissions beyond the execute bit:
//!
//! - the folder is walked recursively; only files become entries (folders are
//!   not stored), named by their path relative to the folder with `/`
//!   separators, and sorted by that name in byte order;
//! - every entry has the timestamp 1980-01-01 00:00:00, no extra fields, and
//!   deflate compression at level [`DEFLATE_LEVEL`];
//! - the unix mode is `0o755` when any execute bit is set (a custom runtime's
//!   `bootstrap` must stay executable) and `0o644` otherwise;
//! - a symlink to a file is packaged as the file it points to; a symlink to a
//!   folder inside the packaged folder is followed, one to a folder outside it
//!   is not followed (nothing is packaged for it); a broken symlink, a symlink
//!   loop, an unreadable entry, a name that is not UTF-8 and a special file
//!   (socket, device, FIFO) are errors;
//! - nothing is skipped except these, at any depth: version-control folders
//!   (`.git`, `.hg`, `.svn`, `.jj`), `__pycache__` folders, `.DS_Store` files,
//!   and output folders: any folder holding a `CACHEDIR.TAG` file, which
//!   [`mark_output_folder`] writes into every folder `lfc build` writes to, so
//!   a code folder that contains the build output never zips the previous
//!   build (and rebuilding stays byte-identical).
//!
//! An empty folder packs to a valid zip with no entries.
//!
//! This module does not talk to AWS and does not read the `.lf` source. It
//! reads only the path it is given, and writes only the paths given to its
//! writing functions.

use std::fs::{self, File};
use std::io::{self, Cursor};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::emit::hex;

/// Deflate level used for every entry of a packaged folder.
pub const DEFLATE_LEVEL: i64 = 6;

/// Folder names that are never packaged.
const SKIPPED_FOLDERS: [&str; 5] = [".git", ".hg", ".svn", ".jj", "__pycache__"];

/// File names that are never packaged.
const SKIPPED_FILES: [&str; 1] = [".DS_Store"];

/// One packaged code artifact.
#[derive(Clone, PartialEq, Eq)]
pub struct Asset {
    /// Lowercase hex SHA-256 of the zip bytes.
    pub sha256: String,
    /// The zip bytes.
    pub bytes: Vec<u8>,
    /// Sum of the sizes of the files in the zip, uncompressed.
    pub unzipped_size: u64,
    /// Size of the zip bytes.
    pub zipped_size: u64,
}

impl Asset {
    /// Asset file name: `<sha256>.zip`.
    pub fn file_name(&self) -> String {
        format!("{}.zip", self.sha256)
    }

    fn from_zip_bytes(bytes: Vec<u8>, unzipped_size: u64) -> Asset {
        let sha256 = hex(&Sha256::digest(&bytes));
        Asset {
            sha256,
            zipped_size: bytes.len() as u64,
            bytes,
            unzipped_size,
        }
    }
}

impl std::fmt::Debug for Asset {
    /// Shows the hash and sizes, not the bytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Asset")
            .field("sha256", &self.sha256)
            .field("unzipped_size", &self.unzipped_size)
            .field("zipped_size", &self.zipped_size)
            .finish_non_exhaustive()
    }
}

/// An error while packaging code or writing an asset.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// Reading or writing a path failed (including a path that does not exist).
    #[error("cannot access {path}: {source}")]
    Io {
        /// The path that was being read or written.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The code path is neither a folder nor a `.zip` file.
    #[error("{path} is neither a folder nor a .zip file")]
    NotFolderOrZip {
        /// The code path.
        path: PathBuf,
    },
    /// A `.zip` file could not be read as a zip archive.
    #[error("cannot read zip file {path}: {source}")]
    BadZip {
        /// The `.zip` file.
        path: PathBuf,
        /// The underlying error.
        source: zip::result::ZipError,
    },
    /// Walking a folder failed: a symlink loop, a broken symlink or an
    /// unreadable folder.
    #[error("cannot walk {path}: {source}")]
    Walk {
        /// The entry that could not be walked.
        path: PathBuf,
        /// The underlying error.
        source: walkdir::Error,
    },
    /// An entry of a folder cannot be packaged.
    #[error("cannot package {path}: {reason}")]
    BadEntry {
        /// The entry.
        path: PathBuf,
        /// Why it cannot be packaged.
        reason: &'static str,
    },
    /// A file could not be added to the zip being built.
    #[error("cannot add {path} to the zip: {source}")]
    ZipWrite {
        /// The file being added (or the folder, when finishing the zip).
        path: PathBuf,
        /// The underlying error.
        source: zip::result::ZipError,
    },
}

/// Packages a folder into a reproducible zip, or reads a `.zip` file as is
/// (its unzipped size computed from the central directory).
pub fn package_path(path: &Path) -> Result<Asset, PackageError> {
    match kind_of(path)? {
        CodeKind::Folder => package_folder(path),
        CodeKind::Zip => {
            let bytes = fs::read(path).map_err(|source| io_error(path, source))?;
            let unzipped_size = zip_unzipped_size(path, &bytes)?;
            Ok(Asset::from_zip_bytes(bytes, unzipped_size))
        }
    }
}

/// Sum of the file sizes that [`package_path`] would put in (or find in) the
/// zip for `path`, without compressing anything. Useful for size budgets.
pub fn unzipped_size_of(path: &Path) -> Result<u64, PackageError> {
    match kind_of(path)? {
        CodeKind::Folder => Ok(folder_files(path)?.iter().map(|file| file.size).sum()),
        CodeKind::Zip => {
            let bytes = fs::read(path).map_err(|source| io_error(path, source))?;
            zip_unzipped_size(path, &bytes)
        }
    }
}

/// Writes the asset into `dir/assets/<sha256>.zip` unless an identical file
/// is already there ([`write_once`]). Returns the file's path.
pub fn write_asset(dir: &Path, asset: &Asset) -> Result<PathBuf, PackageError> {
    let target = dir.join("assets").join(asset.file_name());
    write_once(&target, &asset.bytes)?;
    Ok(target)
}

/// Writes `bytes` to `path` ([`write_atomic`]) unless a file with the same
/// bytes is already there, which is left untouched: for files named by
/// their contents (code zips, nested templates).
pub fn write_once(path: &Path, bytes: &[u8]) -> Result<(), PackageError> {
    if fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    write_atomic(path, bytes).map_err(|source| io_error(path, source))
}

/// Writes `bytes` to `path` through a hidden `.<name>.partial` file beside
/// it and a rename, so that a reader never sees half a file; creates the
/// folder as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new(""));
    fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let partial = dir.join(format!(".{name}.partial"));
    fs::write(&partial, bytes)?;
    fs::rename(&partial, path)
}

/// The file that marks an output folder, in the format of the Cache Directory
/// Tagging Specification (<https://bford.info/cachedir/>), which backup tools
/// honour too.
const OUTPUT_TAG: &str = "CACHEDIR.TAG";
const OUTPUT_TAG_CONTENTS: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This folder holds output written by lfc; it is never packaged as code.\n";

/// Marks `dir` (created as needed) as an lfc output folder, so that packaging
/// skips it when it sits inside a code folder.
pub fn mark_output_folder(dir: &Path) -> Result<(), PackageError> {
    let tag = dir.join(OUTPUT_TAG);
    if tag.is_file() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(|source| io_error(dir, source))?;
    fs::write(&tag, OUTPUT_TAG_CONTENTS).map_err(|source| io_error(&tag, source))
}

/// What a code path holds.
enum CodeKind {
    Folder,
    Zip,
}

fn kind_of(path: &Path) -> Result<CodeKind, PackageError> {
    let metadata = fs::metadata(path).map_err(|source| io_error(path, source))?;
    let is_zip_name = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("zip"));
    if metadata.is_dir() {
        Ok(CodeKind::Folder)
    } else if metadata.is_file() && is_zip_name {
        Ok(CodeKind::Zip)
    } else {
        Err(PackageError::NotFolderOrZip {
            path: path.to_path_buf(),
        })
    }
}

fn io_error(path: &Path, source: io::Error) -> PackageError {
    PackageError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Sum of the uncompressed sizes recorded in a zip's central directory.
fn zip_unzipped_size(path: &Path, bytes: &[u8]) -> Result<u64, PackageError> {
    let bad_zip = |source| PackageError::BadZip {
        path: path.to_path_buf(),
        source,
    };
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(bad_zip)?;
    let mut total = 0;
    for index in 0..archive.len() {
        total += archive.by_index_raw(index).map_err(bad_zip)?.size();
    }
    Ok(total)
}

/// A file to put in the zip.
struct FolderFile {
    /// Entry name: the path relative to the folder, `/`-separated.
    name: String,
    /// Where the file is on disk.
    path: PathBuf,
    /// Size in bytes when listed.
    size: u64,
    /// Whether any execute bit is set.
    executable: bool,
}

fn package_folder(root: &Path) -> Result<Asset, PackageError> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let mut unzipped_size = 0;
    for file in folder_files(root)? {
        let zip_error = |source| PackageError::ZipWrite {
            path: file.path.clone(),
            source,
        };
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(DEFLATE_LEVEL))
            .last_modified_time(DateTime::default())
            .unix_permissions(if file.executable { 0o755 } else { 0o644 })
            .large_file(file.size >= u64::from(u32::MAX));
        writer.start_file(file.name.as_str(), options).map_err(zip_error)?;
        let mut contents = File::open(&file.path).map_err(|source| io_error(&file.path, source))?;
        unzipped_size += io::copy(&mut contents, &mut writer).map_err(|source| io_error(&file.path, source))?;
    }
    let bytes = writer
        .finish()
        .map_err(|source| PackageError::ZipWrite {
            path: root.to_path_buf(),
            source,
        })?
        .into_inner();
    Ok(Asset::from_zip_bytes(bytes, unzipped_size))
}

/// Lists the files to package under `root`, sorted by entry name.
fn folder_files(root: &Path) -> Result<Vec<FolderFile>, PackageError> {
    let canonical_root = fs::canonicalize(root).map_err(|source| io_error(root, source))?;
    let mut files = Vec::new();
    let mut walk = walkdir::WalkDir::new(root).follow_links(true).into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|source| PackageError::Walk {
            path: source.path().unwrap_or(root).to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let file_type = entry.file_type();
        let name = entry.file_name().to_str();
        if file_type.is_dir() {
            let skipped = entry.depth() > 0
                && (name.is_some_and(|n| SKIPPED_FOLDERS.contains(&n)) || path.join(OUTPUT_TAG).is_file());
            if skipped || (entry.path_is_symlink() && !is_inside(path, &canonical_root)?) {
                walk.skip_current_dir();
            }
            continue;
        }
        if !file_type.is_file() {
            return Err(bad_entry(path, "not a regular file, folder or symlink"));
        }
        if name.is_some_and(|n| SKIPPED_FILES.contains(&n)) {
            continue;
        }
        let metadata = entry.metadata().map_err(|source| PackageError::Walk {
            path: path.to_path_buf(),
            source,
        })?;
        files.push(FolderFile {
            name: entry_name(root, path)?,
            path: path.to_path_buf(),
            size: metadata.len(),
            executable: is_executable(&metadata),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

fn bad_entry(path: &Path, reason: &'static str) -> PackageError {
    PackageError::BadEntry {
        path: path.to_path_buf(),
        reason,
    }
}

/// Whether `path` resolves to a place inside `canonical_root`.
fn is_inside(path: &Path, canonical_root: &Path) -> Result<bool, PackageError> {
    let target = fs::canonicalize(path).map_err(|source| io_error(path, source))?;
    Ok(target.starts_with(canonical_root))
}

/// The zip entry name of `path`: relative to `root`, `/`-separated.
fn entry_name(root: &Path, path: &Path) -> Result<String, PackageError> {
    let relative = path
        .strip_prefix(root)
        .map_err(|_| bad_entry(path, "not inside the packaged folder"))?;
    let parts = relative
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad_entry(path, "its name is not valid UTF-8"))?;
    Ok(parts.join("/"))
}

#[cfg(unix)]
fn is_executable(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_metadata: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // unwrap is fine in tests
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::time::{Duration, SystemTime};

    /// Writes `contents` to `root/relative`, creating parent folders.
    fn write_file(root: &Path, relative: &str, contents: &str) -> PathBuf {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    fn set_mtime(path: &Path, seconds_since_epoch: u64) {
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds_since_epoch);
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(time)
            .unwrap();
    }

    fn archive(asset: &Asset) -> ZipArchive<Cursor<&[u8]>> {
        ZipArchive::new(Cursor::new(asset.bytes.as_slice())).unwrap()
    }

    fn entry_names(asset: &Asset) -> Vec<String> {
        archive(asset).file_names().map(String::from).collect()
    }

    fn entry_contents(asset: &Asset, name: &str) -> String {
        let mut archive = archive(asset);
        let mut contents = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut contents).unwrap();
        contents
    }

    const FILES: [(&str, &str); 4] = [
        ("index.py", "def handler(event, context):\n    return 1\n"),
        ("lib/util.py", "X = 1\n"),
        ("lib/deep/data.json", "{\"a\": [1, 2, 3]}\n"),
        ("README", "readme"),
    ];

    #[test]
    fn same_contents_in_any_order_and_mtime_give_identical_zips() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        for (i, (name, contents)) in FILES.iter().enumerate() {
            let path = write_file(first.path(), name, contents);
            set_mtime(&path, 1_000_000 + i as u64);
        }
        for (i, (name, contents)) in FILES.iter().rev().enumerate() {
            let path = write_file(second.path(), name, contents);
            set_mtime(&path, 1_700_000_000 + 7 * i as u64);
        }

        let a = package_path(first.path()).unwrap();
        let b = package_path(second.path()).unwrap();
        assert_eq!(a.bytes, b.bytes);
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.sha256.len(), 64);
        assert!(a.sha256.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
        assert_eq!(a.zipped_size, a.bytes.len() as u64);
        let expected_size: usize = FILES.iter().map(|(_, contents)| contents.len()).sum();
        assert_eq!(a.unzipped_size, expected_size as u64);
        assert_eq!(unzipped_size_of(first.path()).unwrap(), a.unzipped_size);
        assert_eq!(entry_contents(&a, "lib/deep/data.json"), FILES[2].1);
    }

    #[test]
    fn entries_are_files_only_sorted_by_byte_order_with_fixed_metadata() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a/b", "a-c", "B", "a/z/y"] {
            write_file(dir.path(), name, name);
        }
        fs::create_dir(dir.path().join("empty")).unwrap();

        let asset = package_path(dir.path()).unwrap();
        // '-' sorts before '/', and uppercase before lowercase.
        assert_eq!(entry_names(&asset), ["B", "a-c", "a/b", "a/z/y"]);
        let mut archive = archive(&asset);
        for index in 0..archive.len() {
            let file = archive.by_index(index).unwrap();
            assert!(!file.is_dir());
            assert_eq!(file.compression(), CompressionMethod::Deflated);
            assert_eq!(file.last_modified(), Some(DateTime::default()));
            assert_eq!(file.last_modified().unwrap().to_string(), "1980-01-01 00:00:00");
            assert!(file.extra_data().is_none_or(|extra| extra.is_empty()));
        }
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_normalised_to_644_or_755() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let set_mode = |path: &Path, mode: u32| {
            fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
        };
        set_mode(&write_file(dir.path(), "bootstrap", "#!/bin/sh\n"), 0o700);
        set_mode(&write_file(dir.path(), "group_exec", "x"), 0o610);
        set_mode(&write_file(dir.path(), "private", "x"), 0o600);
        set_mode(&write_file(dir.path(), "wide_open", "x"), 0o666);

        let asset = package_path(dir.path()).unwrap();
        let mut archive = archive(&asset);
        let mut mode_of = |name: &str| archive.by_name(name).unwrap().unix_mode().unwrap() & 0o7777;
        assert_eq!(mode_of("bootstrap"), 0o755);
        assert_eq!(mode_of("group_exec"), 0o755);
        assert_eq!(mode_of("private"), 0o644);
        assert_eq!(mode_of("wide_open"), 0o644);
    }

    #[test]
    fn vcs_and_output_folders_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), "app.py", "print(1)");
        write_file(dir.path(), ".hg/store", "x");
        write_file(dir.path(), ".svn/entries", "x");
        write_file(dir.path(), ".jj/repo", "x");
        let before = package_path(dir.path()).unwrap();
        mark_output_folder(&dir.path().join("build")).unwrap();
        write_file(dir.path(), "build/assets/old.zip", "previous build");
        let after = package_path(dir.path()).unwrap();
        assert_eq!(entry_names(&after), ["app.py"]);
        assert_eq!(before.sha256, after.sha256);
    }

    #[test]
    fn git_pycache_and_ds_store_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), "app.py", "print(1)");
        write_file(dir.path(), ".git/config", "[core]");
        write_file(dir.path(), "__pycache__/app.cpython-312.pyc", "pyc");
        write_file(dir.path(), "pkg/__pycache__/mod.pyc", "pyc");
        write_file(dir.path(), "pkg/.DS_Store", "junk");
        write_file(dir.path(), ".DS_Store", "junk");
        write_file(dir.path(), "pkg/.gitignore", "*.pyc");
        write_file(dir.path(), "pkg/mod.py", "X = 1");

        let asset = package_path(dir.path()).unwrap();
        assert_eq!(entry_names(&asset), ["app.py", "pkg/.gitignore", "pkg/mod.py"]);
        assert_eq!(asset.unzipped_size, 8 + 5 + 5);
    }

    #[test]
    fn empty_folder_packs_to_a_valid_empty_zip() {
        let dir = tempfile::tempdir().unwrap();
        let asset = package_path(dir.path()).unwrap();
        assert_eq!(archive(&asset).len(), 0);
        assert_eq!(asset.unzipped_size, 0);
        assert_eq!(asset, package_path(dir.path()).unwrap());
    }

    #[test]
    fn zip_input_is_returned_byte_for_byte_with_its_unzipped_size() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        writer.add_directory("lib/", stored).unwrap();
        writer.start_file("lib/a.txt", stored).unwrap();
        writer.write_all(&[b'a'; 1000]).unwrap();
        writer.start_file("b.txt", SimpleFileOptions::default()).unwrap();
        writer.write_all(&[b'b'; 5000]).unwrap();
        let bytes = writer.finish().unwrap().into_inner();
        let path = dir.path().join("code.ZIP");
        fs::write(&path, &bytes).unwrap();

        let asset = package_path(&path).unwrap();
        assert_eq!(asset.bytes, bytes);
        assert_eq!(asset.zipped_size, bytes.len() as u64);
        assert_eq!(asset.unzipped_size, 6000);
        assert_eq!(unzipped_size_of(&path).unwrap(), 6000);
        assert_eq!(asset.sha256, hex(&Sha256::digest(&bytes)));
    }

    #[test]
    fn corrupt_zip_is_a_bad_zip_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.zip");
        fs::write(&path, "not a zip").unwrap();
        let error = package_path(&path).unwrap_err();
        assert!(matches!(&error, PackageError::BadZip { path: p, .. } if *p == path));
    }

    #[test]
    fn missing_path_is_an_io_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-code");
        let error = package_path(&missing).unwrap_err();
        match &error {
            PackageError::Io { path, source } => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("unexpected error {other:?}"),
        }
        assert!(error.to_string().contains("no-such-code"));
        assert!(unzipped_size_of(&missing).is_err());
    }

    #[test]
    fn file_that_is_not_a_zip_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_file(dir.path(), "handler.py", "x");
        let error = package_path(&path).unwrap_err();
        assert!(matches!(&error, PackageError::NotFolderOrZip { path: p } if *p == path));
    }

    #[test]
    fn write_asset_names_the_file_by_sha_and_is_idempotent() {
        let code = tempfile::tempdir().unwrap();
        write_file(code.path(), "index.js", "exports.handler = async () => 1;");
        let asset = package_path(code.path()).unwrap();
        let out = tempfile::tempdir().unwrap();

        let path = write_asset(out.path(), &asset).unwrap();
        assert_eq!(path, out.path().join("assets").join(asset.file_name()));
        assert_eq!(asset.file_name(), format!("{}.zip", asset.sha256));
        assert_eq!(fs::read(&path).unwrap(), asset.bytes);

        // An identical file already there is left untouched.
        set_mtime(&path, 1_000_000);
        let again = write_asset(out.path(), &asset).unwrap();
        assert_eq!(again, path);
        let mtime = fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(mtime, SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000));

        // A different file under that name is replaced.
        fs::write(&path, "corrupt").unwrap();
        write_asset(out.path(), &asset).unwrap();
        assert_eq!(fs::read(&path).unwrap(), asset.bytes);

        let names: Vec<_> = fs::read_dir(out.path().join("assets"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, [asset.file_name()]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_files_are_packaged_by_content() {
        let outside = tempfile::tempdir().unwrap();
        let target = write_file(outside.path(), "shared.py", "SHARED = True");
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("shared.py")).unwrap();
        write_file(dir.path(), "lib/real.py", "R = 1");
        std::os::unix::fs::symlink("lib", dir.path().join("alias")).unwrap();

        let asset = package_path(dir.path()).unwrap();
        assert_eq!(entry_names(&asset), ["alias/real.py", "lib/real.py", "shared.py"]);
        assert_eq!(entry_contents(&asset, "shared.py"), "SHARED = True");
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_outside_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        write_file(outside.path(), "secret.txt", "secret");
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), "app.py", "x");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("escape")).unwrap();

        let asset = package_path(dir.path()).unwrap();
        assert_eq!(entry_names(&asset), ["app.py"]);
    }

    #[cfg(unix)]
    #[test]
    fn broken_symlinks_and_loops_are_errors() {
        let broken = tempfile::tempdir().unwrap();
        let link = broken.path().join("dangling");
        std::os::unix::fs::symlink(broken.path().join("nowhere"), &link).unwrap();
        let error = package_path(broken.path()).unwrap_err();
        assert!(matches!(&error, PackageError::Walk { path, .. } if *path == link));

        let looped = tempfile::tempdir().unwrap();
        write_file(looped.path(), "sub/file", "x");
        std::os::unix::fs::symlink("..", looped.path().join("sub/up")).unwrap();
        let error = package_path(looped.path()).unwrap_err();
        assert!(matches!(&error, PackageError::Walk { source, .. } if source.loop_ancestor().is_some()));
    }
}
