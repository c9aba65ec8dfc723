/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The legacy pixel format codes, with Fuchsia's names and values. Bits
 * 16-18 of a code hold its bytes per pixel (ZX_PIXEL_FORMAT_BYTES), the
 * low 16 bits tell formats of the same size apart. This platform has no
 * display objects: the header is for code that passes the codes around.
 */
#ifndef SYSROOT_ZIRCON_PIXELFORMAT_H_
#define SYSROOT_ZIRCON_PIXELFORMAT_H_

#include <stdint.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

typedef uint32_t zx_pixel_format_t;

#define ZX_PIXEL_FORMAT_NONE ((zx_pixel_format_t)0x00000000)

#define ZX_PIXEL_FORMAT_RGB_565 ((zx_pixel_format_t)0x00020001)
#define ZX_PIXEL_FORMAT_RGB_332 ((zx_pixel_format_t)0x00010002)
#define ZX_PIXEL_FORMAT_RGB_2220 ((zx_pixel_format_t)0x00010003)
#define ZX_PIXEL_FORMAT_ARGB_8888 ((zx_pixel_format_t)0x00040004)
#define ZX_PIXEL_FORMAT_RGB_x888 ((zx_pixel_format_t)0x00040005)
/* MONO_8 and GRAY_8 are one code under two names. */
#define ZX_PIXEL_FORMAT_MONO_8 ((zx_pixel_format_t)0x00010007)
#define ZX_PIXEL_FORMAT_GRAY_8 ((zx_pixel_format_t)0x00010007)
/* The planar YUV formats give the size of their Y plane's samples. */
#define ZX_PIXEL_FORMAT_NV12 ((zx_pixel_format_t)0x00010008)
#define ZX_PIXEL_FORMAT_I420 ((zx_pixel_format_t)0x00010009)
#define ZX_PIXEL_FORMAT_RGB_888 ((zx_pixel_format_t)0x00030009)
#define ZX_PIXEL_FORMAT_ABGR_8888 ((zx_pixel_format_t)0x0004000a)
#define ZX_PIXEL_FORMAT_BGR_888x ((zx_pixel_format_t)0x0004000b)
#define ZX_PIXEL_FORMAT_ARGB_2_10_10_10 ((zx_pixel_format_t)0x0004000c)
#define ZX_PIXEL_FORMAT_ABGR_2_10_10_10 ((zx_pixel_format_t)0x0004000d)

/* Bytes per pixel of a format code (0 for ZX_PIXEL_FORMAT_NONE). */
#define ZX_PIXEL_FORMAT_BYTES(pf) (((pf) >> 16) & 7)

__END_CDECLS

#endif /* SYSROOT_ZIRCON_PIXELFORMAT_H_ */
