# %% lesson: Becoming a backprop ninja (makemore part 4)
# Andrej Karpathy's lecture, exercise 1: a character-level MLP (embedding, linear, batch norm, tanh, linear,
# cross entropy) cut into small steps. Backpropagate through every one of them by hand.

# %% setup
import random
import torch
import torch.nn.functional as F

chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
vocab_size = len(stoi)
block_size = 3  # context length: how many characters we take to predict the next one

def build_dataset(ws):
    X, Y = [], []
    for w in ws:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(X), torch.tensor(Y)

random.seed(42)
random.shuffle(words)
n1 = int(0.8 * len(words))
Xtr, Ytr = build_dataset(words[:n1])

n_embd = 10  # the dimensionality of the character embedding vectors
n_hidden = 64  # the number of neurons in the hidden layer of the MLP
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3) / ((n_embd * block_size) ** 0.5)
b1 = torch.randn(n_hidden, generator=g) * 0.1
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
b2 = torch.randn(vocab_size, generator=g) * 0.1
gbn = torch.Generator().manual_seed(42)
bngain = torch.randn((1, n_hidden), generator=gbn) * 0.1 + 1.0
bnbias = torch.randn((1, n_hidden), generator=gbn) * 0.1
parameters = [C, W1, b1, W2, b2, bngain, bnbias]
for p in parameters:
    p.requires_grad = True

batch_size = 32
n = batch_size
ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
Xb, Yb = Xtr[ix], Ytr[ix]

# %% forward
emb = C[Xb] # embed the characters into vectors
embcat = emb.view(emb.shape[0], -1) # concatenate the vectors
# Linear layer 1
hprebn = embcat @ W1 + b1 # hidden layer pre-activation
# BatchNorm layer
bnmeani = 1/n*hprebn.sum(0, keepdim=True)
bndiff = hprebn - bnmeani
bndiff2 = bndiff**2
bnvar = 1/(n-1)*(bndiff2).sum(0, keepdim=True) # note: Bessel's correction (dividing by n-1, not n)
bnvar_inv = (bnvar + 1e-5)**-0.5
bnraw = bndiff * bnvar_inv
hpreact = bngain * bnraw + bnbias
# Non-linearity
h = torch.tanh(hpreact) # hidden layer
# Linear layer 2
logits = h @ W2 + b2 # output layer
# cross entropy loss (same as F.cross_entropy(logits, Yb))
logit_maxes = logits.max(1, keepdim=True).values
norm_logits = logits - logit_maxes # subtract max for numerical stability
counts = norm_logits.exp()
counts_sum = counts.sum(1, keepdims=True)
counts_sum_inv = counts_sum**-1 # if I use (1.0 / counts_sum) instead then I can't get backprop to be bit exact...
probs = counts * counts_sum_inv
logprobs = probs.log()
loss = -logprobs[range(n), Yb].mean()

# %% check: logprobs probs counts_sum_inv counts_sum counts norm_logits logit_maxes logits h W2 b2 hpreact bngain bnbias bnraw bnvar_inv bnvar bndiff2 bndiff bnmeani hprebn embcat W1 b1 emb C

# %% solution
dlogprobs = torch.zeros_like(logprobs)
dlogprobs[range(n), Yb] = -1.0/n
dprobs = (1.0/probs) * dlogprobs
dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)
dcounts_sum = -counts_sum**-2 * dcounts_sum_inv
dcounts = counts_sum_inv * dprobs
dcounts += torch.ones_like(counts) * dcounts_sum
dnorm_logits = counts * dcounts
dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)
dlogits = dnorm_logits.clone()
dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes
dh = dlogits @ W2.T
dW2 = h.T @ dlogits
db2 = dlogits.sum(0)
dhpreact = (1.0 - h**2) * dh
dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
dbnbias = dhpreact.sum(0, keepdim=True)
dbnraw = bngain * dhpreact
dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)
dbnvar = (-0.5*(bnvar + 1e-5)**-1.5) * dbnvar_inv
dbndiff2 = (1.0/(n-1))*torch.ones_like(bndiff2) * dbnvar
dbndiff = bnvar_inv * dbnraw
dbndiff += (2*bndiff) * dbndiff2
dbnmeani = (-dbndiff).sum(0, keepdim=True)
dhprebn = dbndiff.clone()
dhprebn += 1.0/n * (torch.ones_like(hprebn) * dbnmeani)
dembcat = dhprebn @ W1.T
dW1 = embcat.T @ dhprebn
db1 = dhprebn.sum(0)
demb = dembcat.view(emb.shape)
dC = torch.zeros_like(C)
for k in range(Xb.shape[0]):
    for j in range(Xb.shape[1]):
        ix = Xb[k,j]
        dC[ix] += demb[k,j]

# %% hints: logprobs
# The loss is minus the mean of n numbers picked out of logprobs. Every other entry of logprobs does not touch the loss.
# Each picked entry moves the loss by -1/n; all the others by 0.
# Start from zeros shaped like logprobs and write -1.0/n at [range(n), Yb].

# %% hints: probs
# logprobs = probs.log(): apply the chain rule through log.
# d/dx log(x) = 1/x.
# Multiply the local derivative 1/probs elementwise by the upstream dlogprobs.

# %% hints: counts_sum_inv
# probs = counts * counts_sum_inv, where counts_sum_inv is (n, 1) and is broadcast across the 27 columns.
# The local derivative with respect to counts_sum_inv is counts. A broadcast in the forward pass is a sum in the backward pass.
# Sum counts * dprobs over dim 1 and keep the dim, so the result is (n, 1) like counts_sum_inv.

# %% hints: counts_sum
# counts_sum_inv = counts_sum**-1.
# d/dx x**-1 = -x**-2.
# Multiply -counts_sum**-2 by dcounts_sum_inv; both are (n, 1).

# %% hints: counts
# counts is used twice: in probs = counts * counts_sum_inv and in counts_sum = counts.sum(1). Its gradient is the sum of both contributions.
# Through probs the local derivative is counts_sum_inv (broadcast); through the sum every element gets dcounts_sum of its row.
# Add counts_sum_inv * dprobs and dcounts_sum broadcast to (n, 27).

# %% hints: norm_logits
# counts = norm_logits.exp().
# The derivative of exp is exp itself, which you already have as counts.
# Multiply counts by dcounts.

# %% hints: logit_maxes
# norm_logits = logits - logit_maxes, with logit_maxes (n, 1) broadcast across the columns.
# The local derivative with respect to logit_maxes is -1, and the broadcast becomes a sum.
# Sum -dnorm_logits over dim 1, keeping the dim.

# %% hints: logits
# logits feeds two places: norm_logits directly and logit_maxes through max. Add both contributions.
# Through norm_logits the derivative is 1. Through max, only the position of each row's maximum gets the gradient.
# Start from a copy of dnorm_logits and add a one-hot of logits.max(1).indices times dlogit_maxes.

# %% hints: h
# logits = h @ W2 + b2: a matrix product.
# For out = a @ b, the gradient with respect to a is dout @ b.T. Check the shapes: (n, 27) @ (27, 64).
# dlogits @ W2.T

# %% hints: W2
# logits = h @ W2 + b2.
# For out = a @ b, the gradient with respect to b is a.T @ dout. The result must be (64, 27).
# h.T @ dlogits

# %% hints: b2
# b2 (27,) is broadcast over the n rows of the batch.
# A broadcast in the forward pass is a sum in the backward pass.
# Sum dlogits over dim 0.

# %% hints: hpreact
# h = torch.tanh(hpreact).
# d/dx tanh(x) = 1 - tanh(x)**2, and tanh(hpreact) is h.
# (1.0 - h**2) * dh

# %% hints: bngain
# hpreact = bngain * bnraw + bnbias, with bngain (1, 64) broadcast over the batch.
# The local derivative is bnraw; the broadcast becomes a sum over dim 0.
# Sum bnraw * dhpreact over dim 0 with keepdim=True.

# %% hints: bnbias
# hpreact = bngain * bnraw + bnbias, with bnbias (1, 64) broadcast over the batch.
# The local derivative of an addition is 1; the broadcast becomes a sum.
# Sum dhpreact over dim 0 with keepdim=True.

# %% hints: bnraw
# hpreact = bngain * bnraw + bnbias.
# The local derivative with respect to bnraw is bngain.
# bngain * dhpreact (the broadcast takes care of the shapes).

# %% hints: bnvar_inv
# bnraw = bndiff * bnvar_inv, with bnvar_inv (1, 64) broadcast over the batch.
# The local derivative is bndiff; then sum over the broadcast dim.
# Sum bndiff * dbnraw over dim 0 with keepdim=True.

# %% hints: bnvar
# bnvar_inv = (bnvar + 1e-5)**-0.5.
# d/dx (x + eps)**-0.5 = -0.5 * (x + eps)**-1.5.
# (-0.5*(bnvar + 1e-5)**-1.5) * dbnvar_inv

# %% hints: bndiff2
# bnvar = 1/(n-1) * bndiff2.sum(0, keepdim=True): a sum, scaled.
# Every element of a column gets the same gradient: 1/(n-1) times that column's dbnvar.
# Broadcast (1.0/(n-1)) * dbnvar to the shape of bndiff2, e.g. with torch.ones_like(bndiff2).

# %% hints: bndiff
# bndiff is used twice: in bndiff2 = bndiff**2 and in bnraw = bndiff * bnvar_inv. Add both contributions.
# Through bnraw the derivative is bnvar_inv; through the square it is 2*bndiff.
# bnvar_inv * dbnraw + (2*bndiff) * dbndiff2

# %% hints: bnmeani
# bndiff = hprebn - bnmeani, with bnmeani (1, 64) broadcast over the batch.
# The local derivative is -1; the broadcast becomes a sum over dim 0.
# Sum -dbndiff over dim 0 with keepdim=True.

# %% hints: hprebn
# hprebn is used twice: directly in bndiff and through the mean in bnmeani. Add both contributions.
# Through bndiff the derivative is 1; through the mean every element gets 1/n of its column's dbnmeani.
# dbndiff plus 1.0/n * dbnmeani broadcast to (n, 64).

# %% hints: embcat
# hprebn = embcat @ W1 + b1.
# For out = a @ b, the gradient with respect to a is dout @ b.T.
# dhprebn @ W1.T

# %% hints: W1
# hprebn = embcat @ W1 + b1.
# For out = a @ b, the gradient with respect to b is a.T @ dout.
# embcat.T @ dhprebn

# %% hints: b1
# b1 (64,) is broadcast over the batch.
# A broadcast in the forward pass is a sum in the backward pass.
# Sum dhprebn over dim 0 (b1 has no batch dim, so no keepdim).

# %% hints: emb
# embcat = emb.view(emb.shape[0], -1) only reshapes.
# A view moves no numbers, so the gradient just changes shape back.
# dembcat.view(emb.shape)

# %% hints: C
# emb = C[Xb] picks rows of C; a row picked several times gets several contributions.
# Each demb[k, j] belongs to row Xb[k, j] of C. Duplicate indices must add up: dC[Xb] += demb would keep only one of them.
# Start from zeros like C and add demb[k, j] into dC[Xb[k, j]] in a loop (or use index_add_).
