# %% lesson: LayerNorm instead of BatchNorm
# The lecture's MLP with its batch norm swapped for a layer norm: the statistics are taken over each example's
# hidden features (dim 1), not over the batch (dim 0), and the variance has no Bessel correction, as nn.LayerNorm.
# Same cross entropy at the end, through F.cross_entropy this time.

# %% setup
import random
import torch
import torch.nn.functional as F

chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
vocab_size = len(stoi)
block_size = 3

random.seed(42)
random.shuffle(words)
X, Y = [], []
for w in words[:2000]:
    context = [0] * block_size
    for ch in w + '.':
        X.append(context)
        Y.append(stoi[ch])
        context = context[1:] + [stoi[ch]]
Xtr, Ytr = torch.tensor(X), torch.tensor(Y)

n_embd = 10
n_hidden = 64
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3) / ((n_embd * block_size) ** 0.5)
b1 = torch.randn(n_hidden, generator=g) * 0.1
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
b2 = torch.randn(vocab_size, generator=g) * 0.1
lngain = torch.randn((1, n_hidden), generator=g) * 0.1 + 1.0
lnbias = torch.randn((1, n_hidden), generator=g) * 0.1
for p in [C, W1, b1, W2, b2, lngain, lnbias]:
    p.requires_grad = True

n = 32
ix = torch.randint(0, Xtr.shape[0], (n,), generator=g)
Xb, Yb = Xtr[ix], Ytr[ix]

# %% forward
emb = C[Xb]
embcat = emb.view(emb.shape[0], -1)
hpreln = embcat @ W1 + b1
lnmean = hpreln.mean(1, keepdim=True)
lndiff = hpreln - lnmean
lndiff2 = lndiff**2
lnvar = lndiff2.mean(1, keepdim=True)
lnvar_inv = (lnvar + 1e-5)**-0.5
lnraw = lndiff * lnvar_inv
hpreact = lngain * lnraw + lnbias
h = torch.tanh(hpreact)
logits = h @ W2 + b2
loss = F.cross_entropy(logits, Yb)

# %% check: logits h W2 b2 hpreact lnraw lngain lnbias lnvar_inv lnvar lndiff2 lndiff lnmean hpreln embcat W1 b1 emb C

# %% solution
dlogits = F.softmax(logits, 1)
dlogits[range(n), Yb] -= 1
dlogits /= n
dh = dlogits @ W2.T
dW2 = h.T @ dlogits
db2 = dlogits.sum(0)
dhpreact = (1.0 - h**2) * dh
dlngain = (lnraw * dhpreact).sum(0, keepdim=True)
dlnbias = dhpreact.sum(0, keepdim=True)
dlnraw = lngain * dhpreact
dlnvar_inv = (lndiff * dlnraw).sum(1, keepdim=True)
dlnvar = -0.5 * (lnvar + 1e-5)**-1.5 * dlnvar_inv
dlndiff2 = torch.ones_like(lndiff2) / n_hidden * dlnvar
dlndiff = lnvar_inv * dlnraw + 2 * lndiff * dlndiff2
dlnmean = -dlndiff.sum(1, keepdim=True)
dhpreln = dlndiff + torch.ones_like(hpreln) / n_hidden * dlnmean
dembcat = dhpreln @ W1.T
dW1 = embcat.T @ dhpreln
db1 = dhpreln.sum(0)
demb = dembcat.view(emb.shape)
dC = torch.zeros_like(C)
dC.index_add_(0, Xb.view(-1), demb.view(-1, n_embd))

# %% hints: lnmean
# lnmean is a mean over dim 1: each example's own mean, shape (n, 1).
# It reaches the loss through lndiff only; the gradient of a mean spreads evenly over what was averaged.
# -dlndiff.sum(1, keepdim=True)

# %% hints: hpreln
# hpreln has two consumers: lndiff directly and lnmean through the mean over dim 1.
# lnmean = hpreln.mean(1, keepdim=True) sends dlnmean / n_hidden to every feature of its row.
# dlndiff + torch.ones_like(hpreln) / n_hidden * dlnmean
