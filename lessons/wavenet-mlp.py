# %% lesson: WaveNet-like hierarchical MLP (makemore part 5)
# Eight characters of context, fused two at a time: consecutive embeddings are joined by view, go through a
# linear layer, a batch norm over dims (0, 1) of a 3-D tensor and tanh, then the next pair is fused, down to one
# vector per example and a linear layer to the logits.

# %% setup
import random
import torch
import torch.nn.functional as F

chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
vocab_size = len(stoi)
block_size = 8

random.seed(42)
random.shuffle(words)
X, Y = [], []
for w in words[:1000]:
    context = [0] * block_size
    for ch in w + '.':
        X.append(context)
        Y.append(stoi[ch])
        context = context[1:] + [stoi[ch]]
Xtr, Ytr = torch.tensor(X), torch.tensor(Y)

n_embd, n_hidden = 10, 32
g = torch.Generator().manual_seed(33)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((2 * n_embd, n_hidden), generator=g) * (5/3) / (2 * n_embd)**0.5
bngain1 = torch.ones((1, 1, n_hidden))
bnbias1 = torch.zeros((1, 1, n_hidden))
W2 = torch.randn((2 * n_hidden, n_hidden), generator=g) * (5/3) / (2 * n_hidden)**0.5
bngain2 = torch.ones((1, 1, n_hidden))
bnbias2 = torch.zeros((1, 1, n_hidden))
W3 = torch.randn((2 * n_hidden, vocab_size), generator=g) * 0.1
b3 = torch.zeros(vocab_size)
for p in [C, W1, bngain1, bnbias1, W2, bngain2, bnbias2, W3, b3]:
    p.requires_grad = True

n = 32
ix = torch.randint(0, Xtr.shape[0], (n,), generator=g)
Xb, Yb = Xtr[ix], Ytr[ix]

# %% forward
emb = C[Xb]  # (n, 8, n_embd)
x1 = emb.view(n, 4, 2 * n_embd)  # fuse consecutive pairs of characters
h1pre = x1 @ W1  # (n, 4, n_hidden); no bias: the batch norm's shift has one
bn1mean = h1pre.mean((0, 1), keepdim=True)  # batch norm over the batch and the 4 positions
bn1diff = h1pre - bn1mean
bn1var = (bn1diff**2).mean((0, 1), keepdim=True)
bn1raw = bn1diff * (bn1var + 1e-5)**-0.5
h1 = torch.tanh(bngain1 * bn1raw + bnbias1)
x2 = h1.view(n, 2, 2 * n_hidden)  # fuse pairs again
h2pre = x2 @ W2  # (n, 2, n_hidden)
bn2mean = h2pre.mean((0, 1), keepdim=True)
bn2diff = h2pre - bn2mean
bn2var = (bn2diff**2).mean((0, 1), keepdim=True)
bn2raw = bn2diff * (bn2var + 1e-5)**-0.5
h2 = torch.tanh(bngain2 * bn2raw + bnbias2)
x3 = h2.view(n, 2 * n_hidden)  # the last pair: one vector per example
logits = x3 @ W3 + b3
loss = F.cross_entropy(logits, Yb)

# %% check: logits x3 W3 b3 h2 bn2raw bngain2 bnbias2 bn2var bn2diff bn2mean h2pre x2 W2 h1 bn1raw bngain1 bnbias1 bn1var bn1diff bn1mean h1pre x1 W1 emb C

# %% solution
dloss_logp = torch.zeros_like(logits)
dloss_logp[range(n), Yb] = -1.0 / n  # the mean of -logprobs[range(n), Yb]
dlogits = dloss_logp - F.log_softmax(logits, 1).exp() * dloss_logp.sum(1, keepdim=True)  # through log_softmax
dx3 = dlogits @ W3.T
dW3 = x3.T @ dlogits
db3 = dlogits.sum(0)
dh2 = dx3.view(h2.shape)
dhp2 = (1 - h2**2) * dh2
dbngain2 = (bn2raw * dhp2).sum((0, 1), keepdim=True)
dbnbias2 = dhp2.sum((0, 1), keepdim=True)
dbn2raw = bngain2 * dhp2
m2 = h2pre.shape[0] * h2pre.shape[1]
dbn2var = (bn2diff * dbn2raw).sum((0, 1), keepdim=True) * (-0.5 * (bn2var + 1e-5)**-1.5)
dbn2diff = dbn2raw * (bn2var + 1e-5)**-0.5 + dbn2var / m2 * (2 * bn2diff)
dbn2mean = -dbn2diff.sum((0, 1), keepdim=True)
dh2pre = dbn2diff + dbn2mean / m2
dx2 = dh2pre @ W2.T
dW2 = x2.reshape(-1, 2 * n_hidden).T @ dh2pre.reshape(-1, n_hidden)
dh1 = dx2.view(h1.shape)
dhp1 = (1 - h1**2) * dh1
dbngain1 = (bn1raw * dhp1).sum((0, 1), keepdim=True)
dbnbias1 = dhp1.sum((0, 1), keepdim=True)
dbn1raw = bngain1 * dhp1
m1 = h1pre.shape[0] * h1pre.shape[1]
dbn1var = (bn1diff * dbn1raw).sum((0, 1), keepdim=True) * (-0.5 * (bn1var + 1e-5)**-1.5)
dbn1diff = dbn1raw * (bn1var + 1e-5)**-0.5 + dbn1var / m1 * (2 * bn1diff)
dbn1mean = -dbn1diff.sum((0, 1), keepdim=True)
dh1pre = dbn1diff + dbn1mean / m1
dx1 = dh1pre @ W1.T
dW1 = x1.reshape(-1, 2 * n_embd).T @ dh1pre.reshape(-1, n_hidden)
demb = dx1.view(emb.shape)
dC = torch.zeros_like(C)
dC.index_add_(0, Xb.view(-1), demb.view(-1, n_embd))

# %% hints: bn1mean
# The mean is over dims (0, 1): every example and every one of the 4 positions, m = n * 4 numbers per feature.
# bn1mean reaches the loss through bn1diff only.
# -dbn1diff.sum((0, 1), keepdim=True)
