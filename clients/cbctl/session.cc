#include "clients/cbctl/session.h"

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace casebridge::cbctl {

std::shared_ptr<grpc::Channel> Session::Channel(const std::string& endpoint) const {
  if (config_.ca_file.empty()) {
    throw std::runtime_error(
        "不知道信任哪个证书颁发机构 / no CA certificate is configured: run cbctl login "
        "--ca-file <deployment>/var/pki/ca.crt");
  }
  std::ifstream in(config_.ca_file);
  if (!in) {
    throw std::runtime_error("无法读取 CA 证书 / cannot read the CA certificate " +
                             config_.ca_file);
  }
  std::ostringstream pem;
  pem << in.rdbuf();
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = pem.str();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(32 * 1024 * 1024);
  return grpc::CreateCustomChannel(endpoint, grpc::SslCredentials(tls), args);
}

std::unique_ptr<grpc::ClientContext> Session::Context(std::chrono::seconds timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  if (!config_.access_token.empty()) {
    context->AddMetadata("authorization", "Bearer " + config_.access_token);
  }
  return context;
}

std::string ReadPassword(const std::string& prompt) {
  std::string password;
  if (!::isatty(STDIN_FILENO)) {
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
  }
  std::cerr << prompt << std::flush;
  termios old_settings{};
  ::tcgetattr(STDIN_FILENO, &old_settings);
  termios quiet = old_settings;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, password);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old_settings);
  std::cerr << "\n";
  return password;
}

}  // namespace casebridge::cbctl
