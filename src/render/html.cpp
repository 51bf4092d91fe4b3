#include <sstream>

#include "incident/report.hpp"

// Placeholder until the HTML report lands: escapes text, renders nothing else.
namespace incident::render {
namespace {

std::string escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

class HtmlWriter final : public ReportWriter {
public:
    explicit HtmlWriter(ReportContext context) : context_(std::move(context)) {}
    void begin(std::ostream& out) override { out << "<!DOCTYPE html>\n<html><body>\n"; }
    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        out << "<h1>" << escape(incident.title) << "</h1>\n";
        for (const auto& u : updates) out << body_html(u.body);
    }
    void end(std::ostream& out) override { out << "</body></html>\n"; }

private:
    ReportContext context_;
};

}  // namespace

std::string body_html(std::string_view markdown) { return "<p>" + escape(markdown) + "</p>\n"; }

std::unique_ptr<ReportWriter> html_writer(const ReportContext& context) {
    return std::make_unique<HtmlWriter>(context);
}

}  // namespace incident::render
