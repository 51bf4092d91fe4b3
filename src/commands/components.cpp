#include <memory>

#include "incident/render.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ComponentsOptions {};

int run_components(const ComponentsOptions&, const ReadStore& store, const cli::Context& ctx) {
    const auto components = store.page_components();
    if (ctx.global().json) {
        ctx.out() << render::components_json(components) << '\n';
    } else {
        ctx.out() << render::components_text(components);
    }
    return 0;
}

}  // namespace

Runner declare_components(CLI::App& app) {
    auto o = std::make_shared<ComponentsOptions>();
    (void)app;
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_components(*o, *store, ctx);
    };
}

}  // namespace incident::commands
