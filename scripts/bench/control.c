/* Control code in the style of CoreMark's list and state-machine kernels:
 * pointer chasing through a linked list (find, reverse, merge sort) and a
 * byte-driven state machine with a switch; short blocks, many branches. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct node {
  struct node *next;
  int16_t key, value;
} node;

enum { NODES = 200, TEXT = 512 };
static node pool[NODES];
static char text[TEXT];

static node *build(uint32_t seed) {
  node *head = 0;
  for (int i = 0; i < NODES; i++) {
    seed = seed * 1103515245u + 12345u;
    pool[i].key = (int16_t)(seed >> 16);
    pool[i].value = (int16_t)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

__attribute__((noinline)) static node *reverse(node *l) {
  node *out = 0;
  while (l) {
    node *next = l->next;
    l->next = out;
    out = l;
    l = next;
  }
  return out;
}

__attribute__((noinline)) static node *find(node *l, int16_t key) {
  while (l && l->key != key) l = l->next;
  return l;
}

__attribute__((noinline)) static node *merge_sort(node *l) {  /* bottom-up, as CoreMark's core_list_mergesort */
  int insize = 1;
  for (;;) {
    node *p = l, *tail = 0;
    l = 0;
    int merges = 0;
    while (p) {
      merges++;
      node *q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; i++) psize++, q = q->next;
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        node *e;
        if (psize == 0) e = q, q = q->next, qsize--;
        else if (qsize == 0 || !q || p->key <= q->key) e = p, p = p->next, psize--;
        else e = q, q = q->next, qsize--;
        if (tail) tail->next = e; else l = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return l;
    insize *= 2;
  }
}

enum state { START, INT, FRAC, EXP, EXPINT, INVALID };

__attribute__((noinline)) static uint32_t scan(const char *s, int n) {
  uint32_t counts[6] = {0};
  enum state st = START;
  for (int i = 0; i < n; i++) {
    char c = s[i];
    if (c == ',') { counts[st]++; st = START; continue; }
    switch (st) {
      case START: st = (c >= '0' && c <= '9') ? INT : (c == '.' ? FRAC : INVALID); break;
      case INT: if (c == '.') st = FRAC; else if (c == 'e') st = EXP; else if (c < '0' || c > '9') st = INVALID; break;
      case FRAC: if (c == 'e') st = EXP; else if (c < '0' || c > '9') st = INVALID; break;
      case EXP: st = (c == '-' || (c >= '0' && c <= '9')) ? EXPINT : INVALID; break;
      case EXPINT: if (c < '0' || c > '9') st = INVALID; break;
      default: break;
    }
  }
  return counts[INT] * 3 + counts[FRAC] * 5 + counts[EXPINT] * 7 + counts[INVALID];
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 20;
  static const char alphabet[] = "0123456789.e-,x";
  uint32_t check = 0;
  for (int r = 0; r < rounds; r++) {
    node *l = build(0x1234u + (uint32_t)r);
    l = reverse(l);
    for (int k = 0; k < 40; k++) {
      node *f = find(l, (int16_t)(k * 977));
      check += f ? (uint32_t)f->value : 1u;
    }
    l = merge_sort(l);
    check += (uint32_t)l->key;
    for (int i = 0; i < TEXT; i++) text[i] = alphabet[(i * 7 + r) % 15];
    check += scan(text, TEXT);
  }
  printf("control: %d rounds, checksum %08lx\n", rounds, (unsigned long)check);
  return 0;
}
