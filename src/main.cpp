#include "incident/cli.hpp"

int main(int argc, char** argv, char** envp) {
    return incident::run(incident::process_environment(argc, argv, envp));
}
