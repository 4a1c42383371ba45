#include "tests/harness/test_environment.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace casebridge::testing {
namespace {

std::string ReadTrimmed(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + " (did the postgres fixture run?)");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string TestEnvironmentRoot() {
  const char* root = std::getenv("CASEBRIDGE_TEST_ENV");
  if (root == nullptr || *root == '\0') {
    throw std::runtime_error(
        "CASEBRIDGE_TEST_ENV is not set: run the tests through ctest, which starts the throwaway "
        "PostgreSQL cluster first");
  }
  return root;
}

std::string SuperuserUrl(const std::string& database) {
  const std::string root = TestEnvironmentRoot() + "/pg";
  return "postgresql://casebridge_admin:" + ReadTrimmed(root + "/superuser.password") +
         "@127.0.0.1:" + ReadTrimmed(root + "/port") + "/" + database;
}

std::string PkiDir() { return TestEnvironmentRoot() + "/pki"; }

std::string RunCommand(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::string output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = ::pclose(pipe);
  if (status != 0) throw std::runtime_error("command failed: " + command + "\n" + output);
  return output;
}

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

}  // namespace casebridge::testing
