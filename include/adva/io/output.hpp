#pragma once
// The one output policy of adva: every file it writes (the CLI's --out and --csv, the batch
// results stream, Model.save and the Excel writers in Python) goes through an output_target.
//
//  - Nothing is opened before the caller has checked its arguments: an output_target only names
//    and inspects its file until write() or open_stream(), which check everything again.
//  - The output never replaces one of the command's inputs: same device and inode, whether
//    reached by the same name, a symbolic link or a hard link (adva.io.output_is_input).
//  - A regular file is replaced whole: a temporary file in the same directory (the target's mode),
//    written, fsync()ed, renamed over the target, the directory fsync()ed. On any failure the
//    temporary file is removed and the target is as it was.
//  - An existing regular file is replaced only on request, --force in the CLI
//    (adva.io.output_exists otherwise).
//  - A character device or a FIFO (/dev/null, a terminal, a named pipe) and an open descriptor
//    (/dev/stdout, /dev/stderr, /dev/fd/N) are written into directly: never replaced, never
//    truncated, no --force needed (opening a FIFO waits for its reader, as a shell redirection
//    does). A directory, a block device or a socket is refused (adva.io.output_not_file).
// Definitions in adva::io.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace adva::io {

/// What becomes of an existing regular file at the target.
enum class if_exists {
    refuse,   ///< adva.io.output_exists: the caller did not ask to replace it
    replace,  ///< replaced whole (atomically)
    append,   ///< kept and continued: open_stream() only (a resumed batch)
};

/// What the target is now.
enum class output_kind {
    absent,   ///< nothing yet: the file is created
    regular,  ///< a regular file (symbolic links followed)
    stream,   ///< a character device, a FIFO or an open descriptor: written into directly
};

/// An append-only output opened by output_target::open_stream(); closes its descriptor when destroyed.
class output_stream {
public:
    output_stream(int fd, std::filesystem::path path, bool durable) noexcept;
    output_stream(output_stream&& other) noexcept;
    output_stream& operator=(output_stream&&) = delete;
    ~output_stream();

    /// Writes all of data (one write(2) when the kernel takes it whole). adva.io.write on failure.
    void write(std::string_view data);
    /// Makes what was written so far survive a crash (fdatasync; nothing to do for a stream kind).
    void sync_data();
    /// fsync() and close; adva.io.write when the data may not have reached the file.
    void finish();

private:
    int fd_;
    std::filesystem::path path_;
    bool durable_;  ///< a regular file: synchronising is meaningful
};

/// A file to be written under the policy above.
class output_target {
public:
    /// Names the target; touches nothing. `where` names it in errors (an option such as "--out",
    /// or "path" for an API argument).
    output_target(std::filesystem::path path, std::string where, if_exists existing);

    /// Records an input of the command ("-" is standard input) that the output must never
    /// replace (adva.io.output_is_input from check(), write() and open_stream()). `what` names it
    /// in the error, e.g. "the model file".
    void add_input(const std::filesystem::path& input, std::string what);

    /// Everything write() or open_stream() would refuse, refused now without touching anything:
    /// the kind of file, an input, an existing file without replace or append, an output
    /// directory that is missing or not writable. Returns what the target is.
    output_kind check() const;

    /// Writes data as the whole content of the target (check() first). Not for if_exists::append.
    void write(std::string_view data) const;

    /// Opens the target for appending (check() first): an absent file is created, an existing
    /// regular file is replaced by an empty one (replace) or continued (append).
    output_stream open_stream() const;

    const std::filesystem::path& path() const noexcept { return path_; }

private:
    struct input {
        std::filesystem::path path;
        std::string what;
    };
    struct state;
    state inspect() const;  ///< the target now, after every refusal of check()
    void refuse_if_input(const state& now, const input& in) const;

    std::filesystem::path path_;
    std::string where_;
    if_exists existing_;
    std::vector<input> inputs_;
};

/// One-shot: output_target(path, where, existing).write(data).
void write_file(const std::filesystem::path& path, std::string_view data, if_exists existing,
                const std::string& where = "path");

/// Whether a and b name the same existing file (device and inode; "-" is standard input).
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace adva::io
