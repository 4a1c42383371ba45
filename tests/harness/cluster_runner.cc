// Starts every CaseBridge service for real and runs one command against them, so tests written in
// other languages (Python, Node) exercise the same binaries. The command sees CASEBRIDGE_CA_FILE,
// CASEBRIDGE_ADMIN_PASSWORD and CASEBRIDGE_<SERVICE>_ENDPOINT; its exit code is ours.
#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "tests/harness/service_cluster.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: cluster_runner COMMAND [ARGS...]\n";
    return 2;
  }
  try {
    casebridge::testing::ServiceCluster cluster;
    cluster.Start();
    ::setenv("CASEBRIDGE_CA_FILE", cluster.ca_file().c_str(), 1);
    ::setenv("CASEBRIDGE_ADMIN_PASSWORD", cluster.admin_password().c_str(), 1);
    for (const std::string& service : casebridge::testing::kServices) {
      std::string name = "CASEBRIDGE_" + service + "_ENDPOINT";
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      ::setenv(name.c_str(), cluster.endpoint(service).c_str(), 1);
    }
    std::string command;
    for (int i = 1; i < argc; ++i) command += std::string(i > 1 ? " " : "") + "'" + argv[i] + "'";
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  } catch (const std::exception& e) {
    std::cerr << "cluster_runner: " << e.what() << "\n";
    return 1;
  }
}
