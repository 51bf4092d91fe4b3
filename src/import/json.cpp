#include "incident/json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <unordered_set>

#include "incident/text.hpp"
#include "incident/utf8.hpp"

namespace incident::json {

std::string_view Value::text() const noexcept {
    if (type_ != Type::string && type_ != Type::number) return {};
    return {static_cast<const char*>(data_), size_};
}

std::optional<std::int64_t> Value::as_int() const noexcept {
    if (type_ != Type::number) return std::nullopt;
    const auto t = text();
    std::int64_t out = 0;
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    if (ec != std::errc{} || ptr != t.data() + t.size()) return std::nullopt;
    return out;
}

std::span<const Value> Value::items() const noexcept {
    if (type_ != Type::array && type_ != Type::object) return {};
    return {static_cast<const Value*>(data_), size_};
}

std::span<const std::string_view> Value::keys() const noexcept {
    if (type_ != Type::object) return {};
    return {keys_, size_};
}

const Value* Value::find(std::string_view key) const noexcept {
    const auto k = keys();
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i] == key) return &items()[i];
    }
    return nullptr;
}

Document::Document(Document&& other) noexcept
    : root_(std::exchange(other.root_, {})),
      blocks_(std::move(other.blocks_)),
      free_(std::exchange(other.free_, nullptr)),
      left_(std::exchange(other.left_, 0)) {}

Document& Document::operator=(Document&& other) noexcept {
    root_ = std::exchange(other.root_, {});
    blocks_ = std::move(other.blocks_);
    free_ = std::exchange(other.free_, nullptr);
    left_ = std::exchange(other.left_, 0);
    return *this;
}

Document::~Document() = default;

void Document::recycle() {
    root_ = {};
    if (blocks_.empty()) return;
    auto largest = std::max_element(blocks_.begin(), blocks_.end(),
                                    [](const Block& a, const Block& b) { return a.size < b.size; });
    auto kept = std::move(*largest);
    blocks_.clear();
    blocks_.push_back(std::move(kept));
    free_ = blocks_.back().data.get();
    left_ = blocks_.back().size;
}

void* Document::allocate(std::size_t bytes, std::size_t align) {
    auto space = left_;
    void* at = free_;
    if (free_ == nullptr || std::align(align, bytes, at, space) == nullptr) {
        // A new block: at least 64 KiB, growing with the document, or one value's size.
        const auto size = std::max(
            bytes + align, std::size_t{64 << 10} << std::min<std::size_t>(blocks_.size(), 6));
        blocks_.push_back({std::make_unique_for_overwrite<std::byte[]>(size), size});
        at = blocks_.back().data.get();
        space = size;
        std::align(align, bytes, at, space);
    }
    free_ = static_cast<std::byte*>(at) + bytes;
    left_ = space - bytes;
    return at;
}

std::string_view Document::copy(std::string_view text) {
    if (text.empty()) return {};
    auto* to = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(to, text.data(), text.size());
    return {to, text.size()};
}

template <class T>
const T* Document::copy(const T* items, std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (n == 0) return nullptr;
    auto* to = static_cast<T*>(allocate(n * sizeof(T), alignof(T)));
    std::memcpy(static_cast<void*>(to), items, n * sizeof(T));
    return to;
}

Document Document::object(std::vector<std::pair<std::string, Document>> members) {
    Document out;
    std::vector<Value> items;
    std::vector<std::string_view> keys;
    for (auto& [key, member] : members) {
        keys.push_back(out.copy(key));
        items.push_back(member.root_);
        for (auto& block : member.blocks_) out.blocks_.push_back(std::move(block));
    }
    out.root_.type_ = Value::Type::object;
    out.root_.size_ = items.size();
    out.root_.data_ = out.copy(items.data(), items.size());
    out.root_.keys_ = out.copy(keys.data(), keys.size());
    return out;
}

std::string_view type_name(Value::Type type) noexcept {
    switch (type) {
        case Value::Type::null:
            return "null";
        case Value::Type::boolean:
            return "boolean";
        case Value::Type::number:
            return "number";
        case Value::Type::string:
            return "string";
        case Value::Type::array:
            return "array";
        case Value::Type::object:
            return "object";
    }
    return "value";
}

std::size_t TextSource::read(char* buffer, std::size_t size) {
    const auto n = std::min(size, text_.size() - at_);
    std::memcpy(buffer, text_.data() + at_, n);
    at_ += n;
    return n;
}

void TextSource::seek(std::uint64_t offset) {
    at_ = static_cast<std::size_t>(std::min<std::uint64_t>(offset, text_.size()));
}

std::size_t FileSource::read(char* buffer, std::size_t size) {
    const auto n = std::fread(buffer, 1, size, file_);
    if (n < size && std::ferror(file_)) throw std::runtime_error("read error");
    return n;
}

void FileSource::seek(std::uint64_t offset) {
    if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) {
        throw std::runtime_error("cannot seek in the input");
    }
}

namespace {

struct Position {
    std::uint64_t offset = 0;
    std::uint64_t line = 1;
    std::uint64_t column = 1;
};

constexpr std::size_t max_number_chars = 1024;

// Whether the eight bytes at `at` are all printable ASCII other than '"' and '\\' (what a
// string holds unescaped), tested at once: a byte is zero in `x` exactly where the test
// (x - 0x01...) & ~x & 0x80... finds a high bit.
bool plain_ascii(const char* at) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    std::uint64_t w = 0;
    std::memcpy(&w, at, 8);
    const auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const auto below_space = (w - ones * 0x20) & ~w & highs;
    return ((w & highs) | below_space | zero_byte(w ^ (ones * '"')) |
            zero_byte(w ^ (ones * '\\'))) == 0;
}

}  // namespace

struct PullReader::Impl {
    enum class State { first, after_key, after_value };
    struct Frame {
        bool object;
        State state;
        std::size_t keys_from = 0;  // an object's keys: key_refs from here on
        std::size_t chars_from = 0;
        std::unique_ptr<std::unordered_set<std::string>> many;  // instead, once it has many
    };
    // An object's keys are compared one by one up to this many, then hashed.
    static constexpr std::size_t few_keys = 32;

    Impl(Source& s, const ParseOptions& o, std::uint64_t base) : source(s), options(o) {
        here.offset = base;
        if (auto* text_source = dynamic_cast<TextSource*>(&s)) {
            const auto rest = text_source->rest();
            p = rest.data();
            e = rest.data() + rest.size();
            eof = true;
            if (rest.size() > options.max_document_bytes) too_large();
        } else {
            storage.resize(std::size_t{1} << 16);
        }
        if (base == 0 && peek() == 0xEF) {
            if (fill(3) && static_cast<unsigned char>(p[1]) == 0xBB &&
                static_cast<unsigned char>(p[2]) == 0xBF) {
                fail_at(here, "byte order mark (not allowed in JSON)");
            }
        }
    }

    Source& source;
    ParseOptions options;
    std::vector<char> storage;
    const char* p = nullptr;
    const char* e = nullptr;
    bool eof = false;
    std::uint64_t read_bytes = 0;
    Position here;
    Position token;
    std::string text;
    std::vector<Frame> stack;
    std::string key_chars;  // the keys of the open objects, innermost last
    std::vector<std::pair<std::size_t, std::size_t>> key_refs;  // offset and size in key_chars
    bool top_done = false;
    // PullReader::value()'s work space: finished values and keys of its open containers, and
    // where each container's start in them.
    std::vector<Value> nodes;
    std::vector<std::string_view> node_keys;
    std::vector<std::pair<std::size_t, std::size_t>> containers;

    [[noreturn]] void too_large() const {
        throw SyntaxError(here.offset,
                          fmt::format("the document is larger than the limit of {} bytes",
                                      options.max_document_bytes));
    }

    [[noreturn]] static void fail_at(const Position& at, const std::string& what) {
        throw SyntaxError(at.offset, fmt::format("{} at byte {} (line {}, column {})", what,
                                                 at.offset, at.line, at.column));
    }

    // Makes at least `n` bytes available when the input has them (n <= a few bytes).
    bool fill(std::size_t n) {
        if (static_cast<std::size_t>(e - p) >= n) return true;
        if (eof) return false;
        const auto kept = static_cast<std::size_t>(e - p);
        if (kept > 0) std::memmove(storage.data(), p, kept);  // p is null before the first read
        std::size_t have = kept;
        while (have < n && !eof) {
            const auto got = source.read(storage.data() + have, storage.size() - have);
            if (got == 0) eof = true;
            have += got;
            read_bytes += got;
        }
        if (read_bytes > options.max_document_bytes) too_large();
        p = storage.data();
        e = storage.data() + have;
        return have >= n;
    }

    // The next byte, or -1 at the end of the input.
    int peek() {
        if (p == e && !fill(1)) return -1;
        return static_cast<unsigned char>(*p);
    }

    void bump() {
        const auto c = static_cast<unsigned char>(*p++);
        ++here.offset;
        if (c == '\n') {
            ++here.line;
            here.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++here.column;
        }
    }

    void skip_space() {
        for (;;) {
            const int c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            bump();
        }
    }

    std::string describe_here() {
        const int c = peek();
        if (c < 0) return "the end of the input";
        if (c >= 0x20 && c < 0x7F) return fmt::format("'{}'", static_cast<char>(c));
        return fmt::format("byte 0x{:02X}", static_cast<unsigned>(c));
    }

    [[noreturn]] void fail_here(const std::string& what) { fail_at(here, what); }

    void literal(std::string_view word) {
        for (const char c : word) {
            if (peek() != static_cast<unsigned char>(c)) {
                fail_at(token, fmt::format("invalid literal (expected {})", word));
            }
            bump();
        }
    }

    std::size_t digits() {
        std::size_t n = 0;
        for (int c = peek(); c >= '0' && c <= '9'; c = peek()) {
            text += static_cast<char>(c);
            bump();
            ++n;
        }
        return n;
    }

    void number() {
        text.clear();
        if (peek() == '-') {
            text += '-';
            bump();
        }
        if (peek() == '0') {
            text += '0';
            bump();
            if (const int c = peek(); c >= '0' && c <= '9')
                fail_here("a number cannot have a leading zero");
        } else if (digits() == 0) {
            fail_here("expected a digit in a number");
        }
        if (peek() == '.') {
            text += '.';
            bump();
            if (digits() == 0) fail_here("expected a digit after the decimal point");
        }
        if (const int c = peek(); c == 'e' || c == 'E') {
            text += static_cast<char>(c);
            bump();
            if (const int sign = peek(); sign == '+' || sign == '-') {
                text += static_cast<char>(sign);
                bump();
            }
            if (digits() == 0) fail_here("expected a digit in the exponent");
        }
        if (text.size() > max_number_chars) {
            fail_at(token, fmt::format("a number longer than {} characters", max_number_chars));
        }
    }

    unsigned hex4() {
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const int c = peek();
            unsigned d = 0;
            if (c >= '0' && c <= '9') {
                d = static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                d = static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                d = static_cast<unsigned>(c - 'A' + 10);
            } else {
                fail_here("expected four hex digits after \\u");
            }
            v = v * 16 + d;
            bump();
        }
        return v;
    }

    // One UTF-8 sequence whose lead byte is at the current position, checked (no overlong
    // forms, surrogates or code points above U+10FFFF) and appended.
    void utf8_sequence() {
        const auto start = here;
        const auto lead = static_cast<unsigned>(peek());
        std::size_t need = 0;
        unsigned cp = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            need = 1, cp = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            need = 2, cp = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            need = 3, cp = lead & 0x07;
        } else {
            fail_at(start, "invalid UTF-8");
        }
        text += static_cast<char>(lead);
        bump();
        for (std::size_t k = 0; k < need; ++k) {
            const int c = peek();
            if (c < 0 || (c & 0xC0) != 0x80) fail_at(start, "invalid UTF-8");
            cp = (cp << 6) | (static_cast<unsigned>(c) & 0x3F);
            text += static_cast<char>(c);
            bump();
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
            fail_at(start, "invalid UTF-8");
        }
    }

    void string() {
        const auto open = here;
        text.clear();
        bump();
        for (;;) {
            // A run of plain ASCII in the buffer at once, eight bytes at a time while it lasts.
            const char* run = p;
            while (e - p >= 8 && plain_ascii(p)) p += 8;
            while (p != e) {
                const auto c = static_cast<unsigned char>(*p);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++p;
            }
            if (p != run) {
                const auto n = static_cast<std::size_t>(p - run);
                text.append(run, n);
                here.offset += n;
                here.column += n;
            }
            if (text.size() > options.max_string_bytes) {
                fail_at(open, fmt::format("a string longer than the limit of {} bytes",
                                          options.max_string_bytes));
            }
            const int c = peek();
            if (c < 0) fail_at(open, "unterminated string");
            if (c == '"') {
                bump();
                return;
            }
            if (c < 0x20) fail_here("control character in a string (it must be escaped)");
            if (c >= 0x80) {
                utf8_sequence();
                continue;
            }
            if (c != '\\') continue;
            const auto escape_at = here;
            bump();
            const int esc = peek();
            if (esc >= 0) bump();
            switch (esc) {
                case '"':
                    text += '"';
                    break;
                case '\\':
                    text += '\\';
                    break;
                case '/':
                    text += '/';
                    break;
                case 'b':
                    text += '\b';
                    break;
                case 'f':
                    text += '\f';
                    break;
                case 'n':
                    text += '\n';
                    break;
                case 'r':
                    text += '\r';
                    break;
                case 't':
                    text += '\t';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xDC00 && cp <= 0xDFFF)
                        fail_at(escape_at, "lone low surrogate in a \\u escape");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (peek() != '\\')
                            fail_at(escape_at, "high surrogate not followed by a low surrogate");
                        bump();
                        if (peek() != 'u')
                            fail_at(escape_at, "high surrogate not followed by a low surrogate");
                        bump();
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) {
                            fail_at(escape_at, "high surrogate not followed by a low surrogate");
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(text, cp);
                    break;
                }
                default:
                    fail_at(escape_at, "invalid escape in a string");
            }
        }
    }

    // Refuses a key the innermost object has already.
    void note_key(Frame& frame) {
        const auto duplicate = [&] {
            fail_at(token, fmt::format("duplicate object key \"{}\"", visible(text)));
        };
        if (frame.many) {
            if (!frame.many->insert(text).second) duplicate();
            return;
        }
        const auto key = [&](std::size_t i) {
            return std::string_view(key_chars).substr(key_refs[i].first, key_refs[i].second);
        };
        for (auto i = frame.keys_from; i < key_refs.size(); ++i) {
            if (key(i) == text) duplicate();
        }
        if (key_refs.size() - frame.keys_from < few_keys) {
            key_refs.emplace_back(key_chars.size(), text.size());
            key_chars += text;
            return;
        }
        frame.many = std::make_unique<std::unordered_set<std::string>>();
        for (auto i = frame.keys_from; i < key_refs.size(); ++i) frame.many->emplace(key(i));
        frame.many->insert(text);
        key_refs.resize(frame.keys_from);
        key_chars.resize(frame.chars_from);
    }

    Event scalar(Event event) {
        if (stack.empty()) top_done = true;
        return event;
    }

    Event close(Event event) {
        bump();
        if (stack.back().object) {
            key_refs.resize(stack.back().keys_from);
            key_chars.resize(stack.back().chars_from);
        }
        stack.pop_back();
        if (stack.empty()) top_done = true;
        return event;
    }

    Event value_start() {
        token = here;
        const int c = peek();
        switch (c) {
            case '{':
            case '[': {
                if (stack.size() + 1 > options.max_depth) {
                    fail_here(fmt::format("nesting deeper than {} levels", options.max_depth));
                }
                bump();
                stack.push_back(
                    {c == '{', State::first, key_refs.size(), key_chars.size(), nullptr});
                return c == '{' ? Event::begin_object : Event::begin_array;
            }
            case '"':
                string();
                return scalar(Event::string);
            case 't':
                literal("true");
                return scalar(Event::true_value);
            case 'f':
                literal("false");
                return scalar(Event::false_value);
            case 'n':
                literal("null");
                return scalar(Event::null_value);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                    return scalar(Event::number);
                }
                fail_here(fmt::format("expected a value, found {}", describe_here()));
        }
    }

    Event next() {
        skip_space();
        if (stack.empty()) {
            token = here;
            if (top_done) {
                if (peek() < 0) return Event::end_of_input;
                fail_here("unexpected text after the JSON value");
            }
            if (peek() < 0) throw SyntaxError(here.offset, "the input is empty");
            return value_start();
        }
        auto& frame = stack.back();
        if (frame.object) {
            if (frame.state == State::after_key) {
                if (peek() != ':') {
                    fail_here(
                        fmt::format("expected ':' after an object key, found {}", describe_here()));
                }
                bump();
                skip_space();
                frame.state = State::after_value;
                return value_start();
            }
            token = here;
            if (peek() == '}') return close(Event::end_object);
            if (frame.state == State::after_value) {
                if (peek() != ',') {
                    fail_here(fmt::format("expected ',' or '}}' in an object, found {}",
                                          describe_here()));
                }
                bump();
                skip_space();
                token = here;
            }
            if (peek() != '"') {
                fail_here(
                    fmt::format("expected an object key (a string), found {}", describe_here()));
            }
            string();
            note_key(frame);
            frame.state = State::after_key;
            return Event::key;
        }
        token = here;
        if (peek() == ']') return close(Event::end_array);
        if (frame.state == State::after_value) {
            if (peek() != ',') {
                fail_here(
                    fmt::format("expected ',' or ']' in an array, found {}", describe_here()));
            }
            bump();
            skip_space();
        }
        frame.state = State::after_value;
        return value_start();
    }
};

PullReader::PullReader(Source& source, const ParseOptions& options, std::uint64_t base_offset)
    : impl_(std::make_unique<Impl>(source, options, base_offset)) {}
PullReader::~PullReader() = default;

Event PullReader::next() {
    return impl_->next();
}
const std::string& PullReader::text() const noexcept {
    return impl_->text;
}
std::uint64_t PullReader::token_offset() const noexcept {
    return impl_->token.offset;
}
std::uint64_t PullReader::end_offset() const noexcept {
    return impl_->here.offset;
}
std::size_t PullReader::depth() const noexcept {
    return impl_->stack.size();
}

void PullReader::fail(const std::string& what) const {
    Impl::fail_at(impl_->token, what);
}

Document PullReader::value(Event first, std::uint64_t max_bytes, Document&& recycled) {
    if (first == Event::key || first == Event::end_array || first == Event::end_object ||
        first == Event::end_of_input) {
        fail("expected a value");
    }
    auto& im = *impl_;
    Document doc(std::move(recycled));
    doc.recycle();
    std::uint64_t used = 0;
    const auto text_copy = [&] {
        used += im.text.size();
        if (used > max_bytes)
            fail(fmt::format("a value larger than the limit of {} bytes", max_bytes));
        return doc.copy(std::string_view(im.text));
    };
    im.nodes.clear();
    im.node_keys.clear();
    im.containers.clear();
    for (auto e = first;; e = next()) {
        Value v;
        switch (e) {
            case Event::string:
            case Event::number: {
                const auto t = text_copy();
                v.type_ = e == Event::string ? Value::Type::string : Value::Type::number;
                v.data_ = t.data();
                v.size_ = t.size();
                break;
            }
            case Event::true_value:
            case Event::false_value:
                v.type_ = Value::Type::boolean;
                v.flag_ = e == Event::true_value;
                break;
            case Event::null_value:
                break;
            case Event::begin_array:
            case Event::begin_object:
                im.containers.emplace_back(im.nodes.size(), im.node_keys.size());
                continue;
            case Event::key:
                im.node_keys.push_back(text_copy());
                continue;
            case Event::end_array:
            case Event::end_object: {
                const auto [from, keys_from] = im.containers.back();
                im.containers.pop_back();
                v.size_ = im.nodes.size() - from;
                v.data_ = doc.copy(im.nodes.data() + from, v.size_);
                im.nodes.resize(from);
                if (e == Event::end_object) {
                    v.type_ = Value::Type::object;
                    v.keys_ = doc.copy(im.node_keys.data() + keys_from, v.size_);
                    im.node_keys.resize(keys_from);
                } else {
                    v.type_ = Value::Type::array;
                }
                break;
            }
            case Event::end_of_input:
                fail("expected a value");
        }
        if (im.containers.empty()) {
            doc.root_ = v;
            return doc;
        }
        im.nodes.push_back(v);
    }
}

void PullReader::skip(Event first) {
    if (first != Event::begin_array && first != Event::begin_object) return;
    std::size_t open = 1;
    while (open > 0) {
        const auto e = next();
        if (e == Event::begin_array || e == Event::begin_object) ++open;
        if (e == Event::end_array || e == Event::end_object) --open;
    }
}

std::variant<Document, ParseError> parse(std::string_view text, const ParseOptions& options) {
    TextSource source(text);
    try {
        PullReader reader(source, options);
        auto v = reader.value(reader.next());
        (void)reader.next();  // only whitespace may follow
        return v;
    } catch (const SyntaxError& e) {
        return ParseError{static_cast<std::size_t>(e.offset), e.message};
    }
}

}  // namespace incident::json
