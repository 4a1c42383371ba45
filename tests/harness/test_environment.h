// Where the throwaway PostgreSQL cluster and certificates of a ctest run live, and how to reach
// them.
#pragma once

#include <string>

namespace casebridge::testing {

// The folder the ctest fixture prepared ($CASEBRIDGE_TEST_ENV): cluster, secrets, certificates.
std::string TestEnvironmentRoot();
// postgresql:// URL of the cluster's superuser, for `database` (default: casebridge).
std::string SuperuserUrl(const std::string& database = "casebridge");
// The certificate folder made by deploy/pki.sh.
std::string PkiDir();
// Runs a shell command, throwing with its output when it fails.
std::string RunCommand(const std::string& command);
// A name unique within the cluster for this process: prefix + pid + counter.
std::string UniqueName(const std::string& prefix);

}  // namespace casebridge::testing
