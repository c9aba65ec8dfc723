/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * An intrusive, circular, doubly linked list with a sentinel head, with
 * the names of Fuchsia's <zircon/listnode.h>. A list is a list_node_t
 * head; an element embeds a list_node_t and is found from it with
 * containerof(). A node not in any list has both pointers NULL.
 */
#ifndef SYSROOT_ZIRCON_LISTNODE_H_
#define SYSROOT_ZIRCON_LISTNODE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

/* The element of type @type whose member @member is at @ptr */
#define containerof(ptr, type, member) ((type*)((uintptr_t)(ptr) - offsetof(type, member)))

typedef struct list_node list_node_t;

struct list_node {
	list_node_t* prev;
	list_node_t* next;
};

#define LIST_INITIAL_VALUE(list) { &(list), &(list) }
#define LIST_INITIAL_CLEARED_VALUE { NULL, NULL }

static inline void list_initialize(list_node_t* list) {
	list->prev = list->next = list;
}

static inline void list_clear_node(list_node_t* item) {
	item->prev = item->next = NULL;
}

static inline bool list_in_list(const list_node_t* item) {
	return item->prev != NULL || item->next != NULL;
}

static inline void list_add_head(list_node_t* list, list_node_t* item) {
	item->next = list->next;
	item->prev = list;
	list->next->prev = item;
	list->next = item;
}

#define list_add_after(entry, new_entry) list_add_head(entry, new_entry)

static inline void list_add_tail(list_node_t* list, list_node_t* item) {
	item->prev = list->prev;
	item->next = list;
	list->prev->next = item;
	list->prev = item;
}

#define list_add_before(entry, new_entry) list_add_tail(entry, new_entry)

static inline void list_delete(list_node_t* item) {
	item->next->prev = item->prev;
	item->prev->next = item->next;
	item->prev = item->next = NULL;
}

/* Put @nu where @old was; @old leaves the list. */
static inline void list_replace_node(list_node_t* old, list_node_t* nu) {
	nu->next = old->next;
	nu->prev = old->prev;
	nu->next->prev = nu;
	nu->prev->next = nu;
	old->prev = old->next = NULL;
}

static inline bool list_is_empty(const list_node_t* list) {
	return list->next == list;
}

static inline list_node_t* list_remove_head(list_node_t* list) {
	list_node_t* item;

	if (list->next == list)
		return NULL;
	item = list->next;
	list_delete(item);
	return item;
}

static inline list_node_t* list_remove_tail(list_node_t* list) {
	list_node_t* item;

	if (list->prev == list)
		return NULL;
	item = list->prev;
	list_delete(item);
	return item;
}

static inline list_node_t* list_peek_head(const list_node_t* list) {
	return list->next != list ? list->next : NULL;
}

static inline list_node_t* list_peek_tail(const list_node_t* list) {
	return list->prev != list ? list->prev : NULL;
}

/* The neighbours of @item, NULL at either end of @list. */
static inline list_node_t* list_prev(const list_node_t* list, const list_node_t* item) {
	return item->prev != list ? item->prev : NULL;
}

static inline list_node_t* list_next(const list_node_t* list, const list_node_t* item) {
	return item->next != list ? item->next : NULL;
}

/* The same, going round past the head. */
static inline list_node_t* list_prev_wrap(const list_node_t* list, const list_node_t* item) {
	if (item->prev != list)
		return item->prev;
	return item->prev->prev != list ? item->prev->prev : NULL;
}

static inline list_node_t* list_next_wrap(const list_node_t* list, const list_node_t* item) {
	if (item->next != list)
		return item->next;
	return item->next->next != list ? item->next->next : NULL;
}

static inline size_t list_length(const list_node_t* list) {
	const list_node_t* node;
	size_t n = 0;

	for (node = list->next; node != list; node = node->next)
		n++;
	return n;
}

/* Move every node after @pos in @list to the empty list @new_list. */
static inline void list_split_after(list_node_t* list, list_node_t* pos, list_node_t* new_list) {
	if (pos->next == list) {
		list_initialize(new_list);
		return;
	}
	new_list->prev = list->prev;
	new_list->prev->next = new_list;
	new_list->next = pos->next;
	new_list->next->prev = new_list;
	list->prev = pos;
	pos->next = list;
}

/* Insert the nodes of @splice_from after @pos, leaving @splice_from empty. */
static inline void list_splice_after(list_node_t* splice_from, list_node_t* pos) {
	if (list_is_empty(splice_from))
		return;
	splice_from->next->prev = pos;
	splice_from->prev->next = pos->next;
	pos->next->prev = splice_from->prev;
	pos->next = splice_from->next;
	list_initialize(splice_from);
}

/* Move every node of @old_list to the (uninitialized) @new_list. */
static inline void list_move(list_node_t* old_list, list_node_t* new_list) {
	list_initialize(new_list);
	list_splice_after(old_list, new_list);
}

#define list_peek_head_type(list, type, element)                                   \
	(list_peek_head(list) ? containerof(list_peek_head(list), type, element) : (type*)NULL)
#define list_peek_tail_type(list, type, element)                                   \
	(list_peek_tail(list) ? containerof(list_peek_tail(list), type, element) : (type*)NULL)
#define list_remove_head_type(list, type, element) \
	__list_type_or_null(list_remove_head(list), type, element)
#define list_remove_tail_type(list, type, element) \
	__list_type_or_null(list_remove_tail(list), type, element)
#define list_prev_type(list, item, type, element)                                        \
	(list_prev(list, item) ? containerof(list_prev(list, item), type, element) : (type*)NULL)
#define list_next_type(list, item, type, element)                                        \
	(list_next(list, item) ? containerof(list_next(list, item), type, element) : (type*)NULL)
#define list_prev_wrap_type(list, item, type, element) \
	(list_prev_wrap(list, item) ? containerof(list_prev_wrap(list, item), type, element) \
				    : (type*)NULL)
#define list_next_wrap_type(list, item, type, element) \
	(list_next_wrap(list, item) ? containerof(list_next_wrap(list, item), type, element) \
				    : (type*)NULL)

/* Evaluates @node once: NULL stays NULL, anything else becomes its element. */
#define __list_type_or_null(node, type, element)                                      \
	__extension__({                                                               \
		list_node_t* __n = (node);                                            \
		__n ? containerof(__n, type, element) : (type*)NULL;                  \
	})

/* Iterate over the nodes, or the elements, of a list; *_safe allow deleting the current one. */
#define list_for_every(list, node) \
	for ((node) = (list)->next; (node) != (list); (node) = (node)->next)

#define list_for_every_safe(list, node, temp_node)                                 \
	for ((node) = (list)->next, (temp_node) = (node)->next; (node) != (list);   \
	     (node) = (temp_node), (temp_node) = (node)->next)

#define list_for_every_entry(list, entry, type, member)                               \
	for ((entry) = containerof((list)->next, type, member); &(entry)->member != (list); \
	     (entry) = containerof((entry)->member.next, type, member))

#define list_for_every_entry_safe(list, entry, temp_entry, type, member)                \
	for ((entry) = containerof((list)->next, type, member),                       \
	    (temp_entry) = containerof((entry)->member.next, type, member);           \
	     &(entry)->member != (list); (entry) = (temp_entry),                      \
	    (temp_entry) = containerof((temp_entry)->member.next, type, member))

__END_CDECLS

#endif /* SYSROOT_ZIRCON_LISTNODE_H_ */
