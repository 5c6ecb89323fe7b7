# %% lesson: One self-attention head
# A causal self-attention head on characters, as in "Let's build GPT": token and position embeddings, queries,
# keys and values, scaled scores, a causal mask with torch.tril and masked_fill, softmax over the last dim, the
# weighted sum of values, a linear head, and cross entropy over the (B*T, vocab) view of the logits.

# %% setup
import torch
import torch.nn.functional as F

chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
vocab_size = len(stoi)
text = [0]
for w in words[:400]:
    text += [stoi[ch] for ch in w] + [0]
data = torch.tensor(text)

B, T = 8, 8  # sequences per batch, context length
n_embd, head_size = 16, 16
g = torch.Generator().manual_seed(1337)
tok_table = torch.randn((vocab_size, n_embd), generator=g) * 0.5
pos_table = torch.randn((T, n_embd), generator=g) * 0.5
Wq = torch.randn((n_embd, head_size), generator=g) * n_embd**-0.5
Wk = torch.randn((n_embd, head_size), generator=g) * n_embd**-0.5
Wv = torch.randn((n_embd, head_size), generator=g) * n_embd**-0.5
Wo = torch.randn((head_size, vocab_size), generator=g) * head_size**-0.5
bo = torch.zeros(vocab_size)
for p in [tok_table, pos_table, Wq, Wk, Wv, Wo, bo]:
    p.requires_grad = True

starts = torch.randint(0, len(text) - T - 1, (B,), generator=g)
Xb = torch.stack([data[i:i + T] for i in starts])
Yb = torch.stack([data[i + 1:i + T + 1] for i in starts])
tril = torch.tril(torch.ones(T, T))

# %% forward
tok = tok_table[Xb]  # (B, T, n_embd)
pos = pos_table[torch.arange(T)]  # (T, n_embd)
x = tok + pos  # (B, T, n_embd): pos is broadcast over the batch
q = x @ Wq  # (B, T, head_size)
k = x @ Wk
v = x @ Wv
scores = q @ k.transpose(-2, -1) * head_size**-0.5  # (B, T, T)
masked = scores.masked_fill(tril == 0, float('-inf'))  # a position sees only itself and the past
att = F.softmax(masked, dim=-1)
out = att @ v  # (B, T, head_size)
logits = out @ Wo + bo  # (B, T, vocab_size)
loss = F.cross_entropy(logits.view(B * T, vocab_size), Yb.view(B * T))

# %% check: logits out Wo bo att masked scores q k v Wq Wk Wv x tok pos tok_table pos_table

# %% solution
dlogits = F.softmax(logits, -1)
dlogits.view(B * T, vocab_size)[range(B * T), Yb.view(B * T)] -= 1
dlogits /= B * T
dout = dlogits @ Wo.T
dWo = (out.transpose(-2, -1) @ dlogits).sum(0)
dbo = dlogits.sum((0, 1))
datt = dout @ v.transpose(-2, -1)
dv = att.transpose(-2, -1) @ dout
dmasked = att * (datt - (att * datt).sum(-1, keepdim=True))
dscores = dmasked.masked_fill(tril == 0, 0.0)
dq = dscores @ k * head_size**-0.5
dk = dscores.transpose(-2, -1) @ q * head_size**-0.5
dx = dq @ Wq.T + dk @ Wk.T + dv @ Wv.T
dWq = (x.transpose(-2, -1) @ dq).sum(0)
dWk = (x.transpose(-2, -1) @ dk).sum(0)
dWv = (x.transpose(-2, -1) @ dv).sum(0)
dtok = dx.clone()
dpos = dx.sum(0)
dtok_table = torch.zeros_like(tok_table)
dtok_table.index_add_(0, Xb.view(-1), dtok.view(-1, n_embd))
dpos_table = torch.zeros_like(pos_table)
dpos_table.index_add_(0, torch.arange(T), dpos)

# %% hints: masked
# att = F.softmax(masked, dim=-1): each row of att is a softmax of the same row of masked.
# For a softmax row, d masked_j = att_j * (datt_j - sum_i att_i * datt_i).
# att * (datt - (att * datt).sum(-1, keepdim=True))

# %% hints: scores
# masked_fill puts -inf where the mask holds: those entries of scores never reach the loss.
# Pass dmasked through, with zeros where tril == 0.
# dmasked.masked_fill(tril == 0, 0.0)
