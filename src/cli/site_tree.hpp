#pragma once
// The status site's directory (`incident site -o DIR`), written so that a web server serving it
// never sees half a site, and rewritten only where its bytes change.
//
// A rebuild puts every file of the new site. A file whose bytes equal the old site's is taken
// over as it is (a hard link); the first file that differs starts a new tree beside DIR
// (".NAME.incident-new"), which gets the taken-over files as links, the new ones written, the
// manifest last, is synced to disk, and is then swapped with DIR in one rename
// (renameat2 RENAME_EXCHANGE; where the file system cannot exchange, two renames, with an
// instant in which DIR does not exist). When nothing differs, nothing is written at all.
// Files in DIR that the old manifest does not list (a robots.txt put there by hand) are kept.
//
// A refresh puts only some files of a site whose other files stay valid (the journal has not
// changed); each changed one replaces its old version in one rename.
//
// DIR must not exist, be empty, or hold a site this program made (its manifest, ".incident-site").
// One run at a time: a second one is refused (ConflictError) while the first holds the lock
// (".NAME.incident-lock" beside DIR).
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace incident::cli {

class SiteTree {
  public:
    enum class Mode { rebuild, refresh };
    struct Outcome {
        std::size_t written = 0;    // files whose bytes changed or are new
        std::size_t unchanged = 0;  // files put with the bytes they had
        std::size_t removed = 0;    // files of the old site no longer put
        bool swapped = false;       // a new tree replaced DIR
    };

    // Takes the lock and reads the manifest; UsageError for a DIR that is not a directory,
    // or one that holds other files and no manifest.
    explicit SiteTree(std::filesystem::path dir);
    SiteTree(const SiteTree&) = delete;
    SiteTree& operator=(const SiteTree&) = delete;
    // Removes a new tree that was not committed.
    ~SiteTree();

    const std::filesystem::path& dir() const noexcept;
    // The manifest DIR holds (empty when none): the caller's first line, then "file PATH" lines.
    const std::string& manifest() const noexcept;

    void start(Mode mode);
    // `path` is relative to DIR, '/'-separated, without "." or ".." parts.
    void put(const std::string& path, std::string_view content);
    // `header` is the manifest's first lines (the caller's key), ending in a newline.
    Outcome commit(const std::string& header);

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// The file name of the manifest inside DIR.
inline constexpr std::string_view site_manifest_name = ".incident-site";

}  // namespace incident::cli
