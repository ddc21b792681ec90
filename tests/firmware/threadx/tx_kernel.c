/* A small kernel in ThreadX's shape: the names and data layouts of
 * tx_api.h, threads in priority lists (ready next/previous, a priority
 * bit map), `_tx_thread_execute_ptr` chosen here and switched to by the
 * port's PendSV handler, sleeps counted by the timer interrupt, byte pools
 * whose blocks carry ThreadX's two-word header. Our own code, written from
 * ThreadX's documented behaviour; only what this test firmware needs
 * (no mutexes, queues, time slicing or preemption threshold). */
#include <string.h>

#include "tx_api.h"

TX_THREAD *volatile _tx_thread_current_ptr;
TX_THREAD *volatile _tx_thread_execute_ptr;
TX_THREAD *_tx_thread_created_ptr;
ULONG _tx_thread_created_count;
volatile ULONG _tx_thread_system_state;
volatile UINT _tx_thread_preempt_disable;
VOID *_tx_thread_system_stack_ptr;
VOID *_tx_initialize_unused_memory;
volatile ULONG _tx_timer_system_clock;
ULONG _tx_timer_time_slice;
TX_THREAD *_tx_thread_priority_list[TX_MAX_PRIORITIES];
ULONG _tx_thread_priority_map;

#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)
#define ICSR_PENDSVSET (1u << 28)

static int in_isr(void) {
  uint32_t ipsr;
  __asm volatile("mrs %0, IPSR" : "=r"(ipsr));
  return ipsr != 0;
}

/* _tx_thread_system_return / the port's TX_THREAD_SYSTEM_RETURN_CHECK:
 * the switch itself is the PendSV handler's. */
static void request_switch(void) {
  if (_tx_thread_system_state == TX_INITIALIZE_IN_PROGRESS || _tx_thread_preempt_disable) return;
  if (_tx_thread_execute_ptr != _tx_thread_current_ptr) SCB_ICSR = ICSR_PENDSVSET;
}

static void choose_next(void) {
  _tx_thread_execute_ptr =
      _tx_thread_priority_map ? _tx_thread_priority_list[__builtin_ctzl(_tx_thread_priority_map)] : 0;
}

/* _tx_thread_system_resume: to the tail of its priority's ready list. */
static void system_resume(TX_THREAD *t) {
  UINT p = t->tx_thread_priority;
  t->tx_thread_state = TX_READY;
  TX_THREAD *head = _tx_thread_priority_list[p];
  if (head) {
    TX_THREAD *tail = head->tx_thread_ready_previous;
    tail->tx_thread_ready_next = t;
    head->tx_thread_ready_previous = t;
    t->tx_thread_ready_previous = tail;
    t->tx_thread_ready_next = head;
  } else {
    _tx_thread_priority_list[p] = t;
    t->tx_thread_ready_next = t->tx_thread_ready_previous = t;
    _tx_thread_priority_map |= 1ul << p;
  }
  choose_next();
  request_switch();
}

/* _tx_thread_system_suspend: out of the ready list; `state` says why. */
static void system_suspend(TX_THREAD *t, UINT state) {
  UINT p = t->tx_thread_priority;
  t->tx_thread_state = state;
  if (t->tx_thread_ready_next != t) {
    t->tx_thread_ready_next->tx_thread_ready_previous = t->tx_thread_ready_previous;
    t->tx_thread_ready_previous->tx_thread_ready_next = t->tx_thread_ready_next;
    if (_tx_thread_priority_list[p] == t) _tx_thread_priority_list[p] = t->tx_thread_ready_next;
  } else {
    _tx_thread_priority_list[p] = 0;
    _tx_thread_priority_map &= ~(1ul << p);
  }
  t->tx_thread_ready_next = t->tx_thread_ready_previous = 0;
  choose_next();
  request_switch();
}

/* Every thread starts here (_tx_thread_shell_entry) and completes when its
 * entry function returns. */
static void thread_shell_entry(void) {
  TX_THREAD *t = _tx_thread_current_ptr;
  t->tx_thread_entry(t->tx_thread_entry_parameter);
  TX_INTERRUPT_SAVE_AREA
  TX_DISABLE
  system_suspend(t, TX_COMPLETED);
  TX_RESTORE
  for (;;) {
  }
}

/* _tx_thread_stack_build for the Cortex-M ports: below the 8-byte aligned
 * end, the frame PendSV restores: EXC_RETURN (thread mode, PSP, no FP
 * state), r4-r11, then the hardware frame r0-r3, r12, lr, pc, xPSR. */
static void stack_build(TX_THREAD *t) {
  uint32_t *sp = (uint32_t *)(((uintptr_t)t->tx_thread_stack_end & ~7u) - 17u * 4u);
  sp[0] = 0xFFFFFFFDu;
  for (int i = 1; i <= 8; ++i) sp[i] = 0; /* r4-r11 */
  for (int i = 9; i <= 13; ++i) sp[i] = 0; /* r0-r3, r12 */
  sp[14] = 0xFFFFFFFFu;                    /* lr: nowhere to return to */
  sp[15] = (uint32_t)(uintptr_t)thread_shell_entry;
  sp[16] = 0x01000000u; /* xPSR: Thumb */
  t->tx_thread_stack_ptr = sp;
  t->tx_thread_stack_highest_ptr = sp;
}

UINT tx_thread_create(TX_THREAD *t, CHAR *name, VOID (*entry)(ULONG), ULONG entry_input, VOID *stack_start,
                      ULONG stack_size, UINT priority, UINT preempt_threshold, ULONG time_slice, UINT auto_start) {
  if (!t || !stack_start || !entry) return TX_PTR_ERROR;
  if (stack_size < 200u || priority >= TX_MAX_PRIORITIES) return TX_SIZE_ERROR;
  stack_size &= ~3ul;
  /* The fill stack checking and debuggers measure use by. */
  memset(stack_start, (UCHAR)TX_STACK_FILL, stack_size);
  memset(t, 0, sizeof *t);
  t->tx_thread_stack_start = stack_start;
  t->tx_thread_stack_end = (UCHAR *)stack_start + stack_size - 1u;
  t->tx_thread_stack_size = stack_size;
  t->tx_thread_time_slice = t->tx_thread_new_time_slice = time_slice;
  t->tx_thread_name = name;
  t->tx_thread_priority = t->tx_thread_user_priority = priority;
  t->tx_thread_preempt_threshold = t->tx_thread_user_preempt_threshold = preempt_threshold;
  t->tx_thread_inherit_priority = TX_MAX_PRIORITIES;
  t->tx_thread_entry = entry;
  t->tx_thread_entry_parameter = entry_input;
  t->tx_thread_state = TX_SLEEP; /* TX_SUSPENDED until resumed */
  stack_build(t);
  TX_INTERRUPT_SAVE_AREA
  TX_DISABLE
  t->tx_thread_id = TX_THREAD_ID; /* valid from here */
  if (_tx_thread_created_ptr) {
    TX_THREAD *last = _tx_thread_created_ptr->tx_thread_created_previous;
    last->tx_thread_created_next = t;
    _tx_thread_created_ptr->tx_thread_created_previous = t;
    t->tx_thread_created_previous = last;
    t->tx_thread_created_next = _tx_thread_created_ptr;
  } else {
    _tx_thread_created_ptr = t;
    t->tx_thread_created_next = t->tx_thread_created_previous = t;
  }
  _tx_thread_created_count++;
  if (auto_start == TX_AUTO_START) system_resume(t);
  TX_RESTORE
  return TX_SUCCESS;
}

UINT tx_thread_sleep(ULONG ticks) {
  if (in_isr() || !_tx_thread_current_ptr) return TX_PTR_ERROR;
  if (ticks == 0) return TX_SUCCESS;
  TX_INTERRUPT_SAVE_AREA
  TX_DISABLE
  TX_THREAD *t = _tx_thread_current_ptr;
  t->tx_thread_timer.tx_timer_internal_remaining_ticks = ticks; /* TX_WAIT_FOREVER: never counts down to 0 here */
  system_suspend(t, TX_SLEEP);
  TX_RESTORE /* PendSV switches away here */
  return TX_SUCCESS;
}

ULONG tx_time_get(VOID) { return _tx_timer_system_clock; }

/* _tx_timer_interrupt (the SysTick handler's work): the clock, then each
 * sleeping thread's timer; an expired one is resumed, which pends PendSV
 * when it outranks the thread that runs (or when none runs). */
VOID _tx_timer_interrupt(VOID) {
  TX_INTERRUPT_SAVE_AREA
  TX_DISABLE
  _tx_timer_system_clock++;
  TX_THREAD *t = _tx_thread_created_ptr;
  for (ULONG n = 0; n < _tx_thread_created_count; ++n, t = t->tx_thread_created_next) {
    ULONG *left = &t->tx_thread_timer.tx_timer_internal_remaining_ticks;
    if (t->tx_thread_state != TX_SLEEP || *left == 0 || *left == TX_WAIT_FOREVER) continue;
    if (--*left == 0) system_resume(t);
  }
  TX_RESTORE
}

/* Byte pools: each block starts with two words, the next block's address
 * and then the owning pool (allocated) or TX_BYTE_BLOCK_FREE; the pool ends
 * with a permanently allocated two-word block pointing back to the start. */
#define BLOCK_HEADER 8u
#define MIN_FRAGMENT 20u

UINT tx_byte_pool_create(TX_BYTE_POOL *pool, CHAR *name, VOID *start, ULONG size) {
  if (!pool || !start) return TX_PTR_ERROR;
  size &= ~3ul;
  if (size < 100u) return TX_SIZE_ERROR;
  memset(pool, 0, sizeof *pool);
  UCHAR *first = start, *last = first + size - BLOCK_HEADER;
  ((UCHAR **)first)[0] = last;
  ((ULONG *)first)[1] = TX_BYTE_BLOCK_FREE;
  ((UCHAR **)last)[0] = first;
  ((TX_BYTE_POOL **)last)[1] = pool;
  pool->tx_byte_pool_name = name;
  pool->tx_byte_pool_start = first;
  pool->tx_byte_pool_size = size;
  pool->tx_byte_pool_available = size - 2u * BLOCK_HEADER;
  pool->tx_byte_pool_fragments = 2;
  pool->tx_byte_pool_list = pool->tx_byte_pool_search = first;
  pool->tx_byte_pool_id = TX_BYTE_POOL_ID;
  return TX_SUCCESS;
}

/* First fit from the search pointer; a block left over big enough becomes
 * a free block of its own. */
UINT tx_byte_allocate(TX_BYTE_POOL *pool, VOID **memory, ULONG size, ULONG wait_option) {
  (void)wait_option; /* nothing here waits for memory */
  if (!pool || pool->tx_byte_pool_id != TX_BYTE_POOL_ID || !memory) return TX_PTR_ERROR;
  size = (size + 3u) & ~3ul;
  TX_INTERRUPT_SAVE_AREA
  TX_DISABLE
  UCHAR *block = pool->tx_byte_pool_search;
  for (UINT n = 0; n < pool->tx_byte_pool_fragments; ++n) {
    UCHAR *next = ((UCHAR **)block)[0];
    ULONG room = next > block ? (ULONG)(next - block) - BLOCK_HEADER : 0;
    if (((ULONG *)block)[1] == TX_BYTE_BLOCK_FREE && room >= size) {
      if (room - size >= MIN_FRAGMENT + BLOCK_HEADER) {
        UCHAR *rest = block + BLOCK_HEADER + size;
        ((UCHAR **)rest)[0] = next;
        ((ULONG *)rest)[1] = TX_BYTE_BLOCK_FREE;
        ((UCHAR **)block)[0] = rest;
        pool->tx_byte_pool_fragments++;
        pool->tx_byte_pool_available -= BLOCK_HEADER;
        room = size;
      }
      ((TX_BYTE_POOL **)block)[1] = pool;
      pool->tx_byte_pool_available -= room;
      pool->tx_byte_pool_search = ((UCHAR **)block)[0];
      TX_RESTORE
      *memory = block + BLOCK_HEADER;
      return TX_SUCCESS;
    }
    block = next;
  }
  TX_RESTORE
  *memory = 0;
  return TX_NO_MEMORY;
}

/* tx_kernel_enter (_tx_initialize_kernel_enter): low-level set-up, the
 * application's definitions with the first unused memory, then the first
 * schedule, which never returns. */
VOID tx_kernel_enter(VOID) {
  _tx_thread_system_state = TX_INITIALIZE_IN_PROGRESS;
  _tx_initialize_low_level();
  tx_application_define(_tx_initialize_unused_memory);
  _tx_thread_system_state = 0;
  _tx_thread_schedule();
}
