#include "clients/loadgen/signed_calls.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "casebridge/v1/accounts.grpc.pb.h"

namespace casebridge::loadgen {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("无法读取 / cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::shared_ptr<grpc::Channel> Channel(const std::string& endpoint, const std::string& ca_pem,
                                       int index) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_pem;
  grpc::ChannelArguments args;
  // Each channel gets its own connection rather than sharing one through the global subchannel
  // pool, so callers on different channels really travel in parallel.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("casebridge.loadgen.channel", index);
  return grpc::CreateCustomChannel(endpoint, grpc::SslCredentials(tls), args);
}

std::string SignIn(const std::string& accounts_endpoint, const std::string& ca_pem,
                   const std::string& user, const std::string& password_file) {
  std::string password;
  {
    std::ifstream in(password_file);
    if (!in) throw std::runtime_error("无法读取 / cannot read " + password_file);
    std::getline(in, password);
  }
  v1::LoginRequest request;
  request.set_user_id(user);
  request.set_password(password);
  v1::LoginResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status status = v1::AccountsService::NewStub(Channel(accounts_endpoint, ca_pem, -1))
                            ->Login(&context, request, &response);
  if (!status.ok()) {
    throw std::runtime_error("登录失败 / sign-in as " + user +
                             " failed: " + status.error_message());
  }
  return response.access_token();
}

void Authorize(grpc::ClientContext& context, const std::string& token) {
  context.AddMetadata("authorization", "Bearer " + token);
}

}  // namespace casebridge::loadgen
