#pragma once
// A small strict JSON (RFC 8259) reader: UTF-8 only, no comments, no trailing commas, no
// duplicate keys, no byte order mark, nesting depth and string sizes limited. Errors name the
// byte offset, line and column. PullReader reads a stream token by token in bounded memory;
// parse() builds a whole tree (a Document) from it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace incident::json {

class Document;

// A parsed value. It points into the Document that holds it, and lives as long as that.
class Value {
  public:
    enum class Type : std::uint8_t { null, boolean, number, string, array, object };

    Type type() const noexcept { return type_; }
    bool is(Type t) const noexcept { return type_ == t; }
    bool as_bool() const noexcept { return flag_; }
    // The string's text, or a number's lexeme as written ("1.50e3").
    std::string_view text() const noexcept;
    // A number written as an integer that fits in 64 bits.
    std::optional<std::int64_t> as_int() const noexcept;
    std::span<const Value> items() const noexcept;            // array or object values
    std::span<const std::string_view> keys() const noexcept;  // object keys
    // An object's member, or nullptr.
    const Value* find(std::string_view key) const noexcept;

  private:
    friend class Document;
    friend class PullReader;
    const void* data_ = nullptr;  // chars, or items
    const std::string_view* keys_ = nullptr;
    std::size_t size_ = 0;  // bytes, or items
    Type type_ = Type::null;
    bool flag_ = false;
};

// A value and the memory its texts and members live in: a few large blocks instead of an
// allocation per string and per list (building trees of those was half of an import's time).
class Document {
  public:
    Document() = default;
    Document(Document&& other) noexcept;
    Document& operator=(Document&& other) noexcept;
    ~Document();

    const Value& root() const noexcept { return root_; }
    // An object of these members in this order, taking over their memory.
    static Document object(std::vector<std::pair<std::string, Document>> members);

  private:
    friend class PullReader;
    void* allocate(std::size_t bytes, std::size_t align);
    std::string_view copy(std::string_view text);
    template <class T>
    const T* copy(const T* items, std::size_t n);

    // Forgets the value, keeping the largest block for the next one.
    void recycle();

    struct Block {
        std::unique_ptr<std::byte[]> data;
        std::size_t size;
    };
    Value root_;
    std::vector<Block> blocks_;
    std::byte* free_ = nullptr;  // the unused rest of the last block
    std::size_t left_ = 0;
};

// "string", "object", ... for messages.
std::string_view type_name(Value::Type type) noexcept;

struct ParseError {
    std::size_t offset = 0;  // byte offset of the problem
    std::string message;     // "expected ':' after an object key at byte 12 (line 1, column 13)"
};

struct ParseOptions {
    std::size_t max_depth = 64;
    std::size_t max_string_bytes = std::size_t{32} << 20;  // one decoded string or key
    std::uint64_t max_document_bytes = std::uint64_t{1} << 30;
};

std::variant<Document, ParseError> parse(std::string_view text, const ParseOptions& options = {});

// Where PullReader reads from: the whole text in memory, or a file read in chunks. A source
// can be rewound to an offset a reader reported, to read one value again.
class Source {
  public:
    virtual ~Source() = default;
    // Up to `size` bytes into `buffer`; 0 at the end. Throws std::runtime_error on a read error.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
    virtual void seek(std::uint64_t offset) = 0;
};

class TextSource final : public Source {
  public:
    explicit TextSource(std::string_view text) : text_(text) {}
    std::size_t read(char* buffer, std::size_t size) override;
    void seek(std::uint64_t offset) override;
    // The rest of the text without copying (PullReader uses it instead of a buffer).
    std::string_view rest() const noexcept { return text_.substr(at_); }

  private:
    std::string_view text_;
    std::size_t at_ = 0;
};

// Reads an open FILE (not owned); seeking needs a regular file.
class FileSource final : public Source {
  public:
    explicit FileSource(std::FILE* file) : file_(file) {}
    std::size_t read(char* buffer, std::size_t size) override;
    void seek(std::uint64_t offset) override;

  private:
    std::FILE* file_;
};

// Thrown by PullReader; `message` already names the place.
struct SyntaxError : std::exception {
    std::uint64_t offset = 0;
    std::string message;
    SyntaxError(std::uint64_t at, std::string text) : offset(at), message(std::move(text)) {}
    const char* what() const noexcept override { return message.c_str(); }
};

enum class Event {
    begin_object,
    end_object,
    begin_array,
    end_array,
    key,
    string,
    number,
    true_value,
    false_value,
    null_value,
    end_of_input,
};

// A pull reader: next() returns one event at a time and checks the whole grammar as it goes
// (after the top-level value only whitespace may follow). Memory: one buffer, the current
// token's text and the keys of the open objects (to refuse duplicates).
class PullReader {
  public:
    // Reads from the source's current position, which is byte `base_offset` of the document
    // (offsets, lines and columns in messages count from there; lines are exact from 0 only).
    explicit PullReader(Source& source, const ParseOptions& options = {},
                        std::uint64_t base_offset = 0);
    PullReader(const PullReader&) = delete;
    PullReader& operator=(const PullReader&) = delete;
    ~PullReader();

    Event next();
    // The current key or string (decoded) or number (its lexeme).
    const std::string& text() const noexcept;
    // Byte offset where the current event's token starts, and just past it.
    std::uint64_t token_offset() const noexcept;
    std::uint64_t end_offset() const noexcept;
    // Open arrays and objects, the current event's own container included.
    std::size_t depth() const noexcept;

    // The whole value that `first` (just returned by next()) begins; at most `max_bytes` of
    // text in it (strings, keys, numbers), so one element of a long array stays bounded.
    // `recycled`: a document no longer needed, whose memory the new one reuses.
    Document value(Event first, std::uint64_t max_bytes = UINT64_MAX, Document&& recycled = {});
    // Reads past the value that `first` begins.
    void skip(Event first);
    // Throws a SyntaxError naming the current token's place ("... at byte 4 (line 1, column 5)").
    [[noreturn]] void fail(const std::string& what) const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace incident::json
