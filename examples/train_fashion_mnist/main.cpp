// train_fashion_mnist: the main job. Trains a CNN (default) or an MLP on Fashion-MNIST with a
// live progress bar, evaluates test accuracy every epoch, writes metrics.csv + metrics.svg, and
// saves a checkpoint (model, optimizer, epoch, RNG state) after every epoch; --resume continues
// from it and ends with exactly the weights of an uninterrupted run (same thread count).
// The last line printed is `test_accuracy=<value>`.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <ember/ember.h>

#include "metrics.h"
#include "model.h"
#include "progress.h"

namespace {

using namespace ember;
namespace fs = std::filesystem;

struct Options {
  std::string model = "cnn";
  std::string data = "/usr/share/datasets/fashion-mnist";
  std::string out = "runs/fashion_mnist";
  int64_t epochs = 2;
  int64_t batch_size = 64;
  double lr = 1e-3;
  uint64_t seed = 1;
  int threads = 0;  // 0: ember's default (all cores)
  int64_t workers = 1;
  int64_t subset = 0;  // 0: the whole training set
  int64_t log_every = 100;
  bool resume = false;
};

void print_help() {
  std::puts(
      "usage: train_fashion_mnist [options]\n"
      "  --model cnn|mlp     the network (default cnn)\n"
      "  --epochs N          epochs to train (default 2)\n"
      "  --batch-size N      training batch size (default 64)\n"
      "  --lr X              Adam learning rate (default 0.001)\n"
      "  --seed N            seed for initialisation, shuffling and dropout (default 1)\n"
      "  --threads N         intra-op threads (default: all cores)\n"
      "  --workers N         data-loader worker threads (default 1)\n"
      "  --data DIR          folder with the Fashion-MNIST IDX files\n"
      "                      (default /usr/share/datasets/fashion-mnist)\n"
      "  --out DIR           where metrics.csv, metrics.svg, checkpoint.safetensors and\n"
      "                      model.safetensors go (default runs/fashion_mnist)\n"
      "  --subset N          train on the first N training images only\n"
      "  --log-every N       a metrics.csv row every N steps (default 100)\n"
      "  --resume            continue from DIR/checkpoint.safetensors if it exists\n"
      "  --help              this text");
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      EMBER_CHECK(i + 1 < argc, "train_fashion_mnist", "option ", a, " needs a value (see --help)");
      return argv[++i];
    };
    auto integer = [&]() -> int64_t {
      std::string v = value();
      try {
        size_t used = 0;
        int64_t n = std::stoll(v, &used);
        if (used == v.size() && n >= 0) return n;
      } catch (const std::exception&) {
      }
      detail::throw_error("train_fashion_mnist", "option ", a, " expects a non-negative integer, got '", v, "'");
    };
    if (a == "--help" || a == "-h") {
      print_help();
      std::exit(0);
    } else if (a == "--model") {
      o.model = value();
      EMBER_CHECK(o.model == "cnn" || o.model == "mlp", "train_fashion_mnist", "--model must be cnn or mlp, got '",
                  o.model, "'");
    } else if (a == "--epochs") {
      o.epochs = integer();
    } else if (a == "--batch-size") {
      o.batch_size = integer();
      EMBER_CHECK(o.batch_size > 0, "train_fashion_mnist", "--batch-size must be positive");
    } else if (a == "--lr") {
      o.lr = std::stod(value());
    } else if (a == "--seed") {
      o.seed = static_cast<uint64_t>(integer());
    } else if (a == "--threads") {
      o.threads = static_cast<int>(integer());
    } else if (a == "--workers") {
      o.workers = integer();
    } else if (a == "--data") {
      o.data = value();
    } else if (a == "--out") {
      o.out = value();
    } else if (a == "--subset") {
      o.subset = integer();
    } else if (a == "--log-every") {
      o.log_every = std::max<int64_t>(1, integer());
    } else if (a == "--resume") {
      o.resume = true;
    } else {
      detail::throw_error("train_fashion_mnist", "unknown option '", a, "' (see --help)");
    }
  }
  return o;
}

// Fashion-MNIST's training-set pixel mean and standard deviation (after scaling to [0, 1]).
constexpr double kMean = 0.2860, kStd = 0.3530;

// The network behind one interface: both models are LibTorch-style module holders.
struct Network {
  std::shared_ptr<nn::Module> module;
  std::function<Tensor(const Tensor&)> forward;
};

Network make_network(const std::string& kind) {
  if (kind == "mlp") {
    fmnist::Mlp mlp;
    return {mlp.ptr(), [mlp](const Tensor& x) mutable { return mlp->forward(x); }};
  }
  fmnist::Cnn cnn;
  return {cnn.ptr(), [cnn](const Tensor& x) mutable { return cnn->forward(x); }};
}

double evaluate(Network& net, const std::string& data_dir) {
  auto test_set = data::datasets::MNIST(data_dir, data::datasets::MNIST::Mode::kTest)
                      .map(data::transforms::Normalize<>(kMean, kStd))
                      .map(data::transforms::Stack<>());
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(std::move(test_set),
                                                                         data::DataLoaderOptions(1000));
  NoGradGuard no_grad;
  net.module->eval();
  int64_t correct = 0, total = 0;
  for (auto& batch : *loader) {
    Tensor predicted = net.forward(batch.data).argmax(1);
    correct += predicted.eq(batch.target).sum().item<int64_t>();
    total += batch.target.size(0);
  }
  net.module->train();
  return static_cast<double>(correct) / static_cast<double>(total);
}

// The checkpoint: everything needed to continue exactly where an epoch ended.
void save_checkpoint(const std::string& path, const Options& o, const Network& net, const optim::Optimizer& optimizer,
                     int64_t epoch, int64_t step) {
  serialize::OutputArchive model, opt, archive;
  model << net.module;
  opt << optimizer;
  archive.write("model_kind", o.model);
  archive.write("seed", o.seed);
  archive.write("epoch", epoch);
  archive.write("step", step);
  archive.write("rng_state", get_rng_state());
  archive.write("model", model);
  archive.write("optimizer", opt);
  archive.save_to(path);  // atomic: a kill mid-save leaves the previous checkpoint intact
}

struct Resumed {
  int64_t epoch, step;
};

Resumed load_checkpoint(const std::string& path, const Options& o, Network& net, optim::Optimizer& optimizer) {
  serialize::InputArchive archive, model, opt;
  archive.load_from(path);
  std::string kind;
  archive.read("model_kind", kind);
  EMBER_CHECK(kind == o.model, "train_fashion_mnist", "checkpoint ", path, " holds a '", kind,
              "' model but --model is '", o.model, "'; pass --model ", kind, " or another --out folder");
  int64_t seed = 0, epoch = 0, step = 0;
  archive.read("seed", seed);
  EMBER_CHECK(static_cast<uint64_t>(seed) == o.seed, "train_fashion_mnist", "checkpoint ", path,
              " was trained with --seed ", seed, ", not ", o.seed, "; resuming would not match an uninterrupted run");
  archive.read("epoch", epoch);
  archive.read("step", step);
  Tensor rng;
  archive.read("rng_state", rng);
  archive.read("model", model);
  archive.read("optimizer", opt);
  model >> net.module;
  opt >> optimizer;
  set_rng_state(rng);
  return {epoch, step};
}

int run(const Options& o) {
  if (o.threads > 0) set_num_threads(o.threads);
  fs::create_directories(o.out);
  const std::string checkpoint = o.out + "/checkpoint.safetensors";
  manual_seed(o.seed);
  Network net = make_network(o.model);
  optim::Adam optimizer(net.module->parameters(), optim::AdamOptions(o.lr));
  fmnist::MetricsLog metrics(o.out + "/metrics.csv");

  int64_t first_epoch = 1, step = 0;
  if (o.resume && fs::exists(checkpoint)) {
    Resumed r = load_checkpoint(checkpoint, o, net, optimizer);
    first_epoch = r.epoch + 1;
    step = r.step;
    metrics.reload_through(r.epoch);
    std::printf("resumed from %s: epoch %lld done, step %lld\n", checkpoint.c_str(), static_cast<long long>(r.epoch),
                static_cast<long long>(step));
  } else if (o.resume) {
    std::printf("no checkpoint at %s: starting from scratch\n", checkpoint.c_str());
  }

  auto full = std::make_shared<data::datasets::MNIST>(o.data, data::datasets::MNIST::Mode::kTrain);
  size_t n_train = *full->size();
  if (o.subset > 0) n_train = std::min(n_train, static_cast<size_t>(o.subset));
  std::vector<size_t> indices(n_train);
  for (size_t i = 0; i < n_train; ++i) indices[i] = i;
  auto train_set = data::datasets::Subset<data::datasets::MNIST>(full, std::move(indices))
                       .map(data::transforms::Normalize<>(kMean, kStd))
                       .map(data::transforms::Stack<>());
  auto loader = data::make_data_loader(std::move(train_set), data::samplers::RandomSampler(n_train, o.seed),
                                       data::DataLoaderOptions(o.batch_size).workers(o.workers));
  const int64_t batches = (static_cast<int64_t>(n_train) + o.batch_size - 1) / o.batch_size;
  std::printf("%s on %zu Fashion-MNIST images, %lld epochs, batch %lld, %d threads, %lld workers -> %s\n",
              o.model.c_str(), n_train, static_cast<long long>(o.epochs), static_cast<long long>(o.batch_size),
              get_num_threads(), static_cast<long long>(o.workers), o.out.c_str());

  double accuracy = 0;
  bool interactive = isatty(STDOUT_FILENO);
  for (int64_t epoch = first_epoch; epoch <= o.epochs; ++epoch) {
    auto start = std::chrono::steady_clock::now();
    // The order of epoch e is a function of (seed, e): replaying an epoch replays its batches.
    loader->load_state({static_cast<size_t>(epoch - 1), 0});
    fmnist::ProgressBar bar("epoch " + std::to_string(epoch) + "/" + std::to_string(o.epochs), batches, interactive);
    double epoch_loss = 0, window_loss = 0;
    int64_t done = 0, images = 0, window = 0;
    for (auto& batch : *loader) {
      optimizer.zero_grad();
      Tensor loss = nll_loss(net.forward(batch.data), batch.target);
      loss.backward();
      optimizer.step();
      double l = loss.item<double>();
      epoch_loss += l;
      window_loss += l;
      ++done, ++window, ++step;
      images += batch.target.size(0);
      bar.update(done, images, epoch_loss / static_cast<double>(done));
      if (step % o.log_every == 0) {
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        metrics.add({epoch, step, window_loss / static_cast<double>(window), std::nullopt, seconds});
        window_loss = 0, window = 0;
      }
    }
    double train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    accuracy = evaluate(net, o.data);
    double mean_loss = epoch_loss / static_cast<double>(std::max<int64_t>(done, 1));
    metrics.add({epoch, step, mean_loss, accuracy, train_seconds});
    save_checkpoint(checkpoint, o, net, optimizer, epoch, step);
    metrics.save();
    char summary[200];
    std::snprintf(summary, sizeof summary, "epoch %lld/%lld: loss %.4f, test accuracy %.4f, %.1f s (%.0f img/s)",
                  static_cast<long long>(epoch), static_cast<long long>(o.epochs), mean_loss, accuracy, train_seconds,
                  static_cast<double>(images) / train_seconds);
    bar.finish(summary);
  }
  if (first_epoch > o.epochs) accuracy = evaluate(net, o.data);  // nothing left to train
  save(net.module, o.out + "/model.safetensors");
  std::printf("metrics: %s/metrics.csv, chart: %s/metrics.svg\n", o.out.c_str(), o.out.c_str());
  std::printf("test_accuracy=%.4f\n", accuracy);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_fashion_mnist: %s\n", e.what());
    return 1;
  }
}
