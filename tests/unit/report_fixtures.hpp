#pragma once
// The sample incident (reference/litium-2019-07-incident.txt) as data, for the writers' tests.
#include <date/date.h>

#include <sstream>
#include <string>
#include <vector>

#include "incident/model.hpp"
#include "incident/report.hpp"
#include "incident/time.hpp"

namespace report_test {

inline incident::Instant utc(int y, unsigned m, unsigned d, int hh, int mm) {
    const auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
    return incident::Instant{day.time_since_epoch() + std::chrono::hours{hh} +
                             std::chrono::minutes{mm}};
}

inline incident::Update update(incident::UpdateId id, incident::Status status, std::string body,
                               incident::Instant at) {
    incident::Update u;
    u.id = id;
    u.incident_id = 1;
    u.status = status;
    u.body = std::move(body);
    u.posted_at = at;
    u.recorded_at = at;
    u.author = "tester";
    return u;
}

inline incident::Incident sample_incident() {
    incident::Incident inc;
    inc.id = 1;
    inc.title = "Service interuption";
    inc.impact = incident::Impact::major;
    inc.status = incident::Status::resolved;
    inc.created_at = utc(2019, 7, 1, 16, 30);
    inc.resolved_at = utc(2019, 7, 2, 9, 7);
    inc.updated_at = utc(2019, 7, 4, 13, 43);
    inc.components = {{"Litium Cloud", "Network & infrastructure"}};
    inc.postmortem = incident::Postmortem{"Post-incident report\n\n## What happened\n\nA DDoS.",
                                          utc(2019, 7, 4, 13, 43)};
    return inc;
}

inline std::vector<incident::Update> sample_updates() {
    using incident::Status;
    return {update(1, Status::investigating, "We are currently investigating this issue.",
                   utc(2019, 7, 1, 16, 30)),
            update(2, Status::investigating, "We are continuing to investigate this issue.",
                   utc(2019, 7, 1, 16, 30)),
            update(3, Status::identified, "Our operations provider is target of a DDoS attack.",
                   utc(2019, 7, 1, 16, 55)),
            update(4, Status::monitoring, "Full recovery.", utc(2019, 7, 1, 19, 25)),
            update(5, Status::resolved, "Resolved.", utc(2019, 7, 2, 9, 7))};
}

inline incident::render::ReportContext sample_context(bool single) {
    incident::render::ReportContext c;
    c.zone = *incident::Zone::locate("Europe/Stockholm");
    c.page_name = "Litium AB";
    c.generated_at = utc(2019, 7, 4, 14, 0);
    c.single = single;
    return c;
}

inline std::string render_all(incident::render::ReportWriter& writer,
                              const std::vector<incident::Incident>& incidents,
                              const std::vector<incident::Update>& updates) {
    std::ostringstream out;
    writer.begin(out);
    for (const auto& inc : incidents) writer.incident(out, inc, updates);
    writer.end(out);
    return out.str();
}

}  // namespace report_test
