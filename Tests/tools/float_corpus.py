#!/usr/bin/env python3
"""Print doubles with prometheus_client's rendering of them.

Usage: python float_corpus.py --count N --seed S

Each line is `<16 hex digits> <floatToGoString(x)>`: the IEEE-754 bit
pattern of x (big-endian, as an unsigned integer, lowercase) and the string
prometheus_client.utils.floatToGoString returns for it.  The same seed
prints the same lines (for a given prometheus_client version).

The values mix
  * random 64-bit patterns, and patterns with a forced exponent: NaN
    payloads (either sign), +-Inf, +-0, subnormals, the largest/smallest
    normals;
  * decimal-looking values: random digit strings with a random exponent
    (correctly rounded by float()), and round(uniform, k);
  * integers near powers of ten, near 2**53 and near other powers of two;
  * values at the boundaries where floatToGoString or repr change style
    (1e6/1e7, 1e-4/1e-5, 1e16) and their neighbouring doubles;
and about a third of all finite values are negated.
"""

import argparse
import math
import random
import struct
import sys

from prometheus_client.utils import floatToGoString

_D = struct.Struct('>d')
_Q = struct.Struct('>Q')

BOUNDARIES = [
    999999.9, 999999.99, 999999.999999, 1e6, 1000000.5, 1234567.0, 1234567.8,
    9999999.0, 9999999.999, 1e7, 12345678.0, 123456.7, 0.1, 0.2, 0.3,
    0.0001, 0.00012, 1e-05, 1.5e-05, 1e15, 9999999999999998.0, 1e16, 1.5e16,
    1e21, 1e22, 1e23, 2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 63, 2.0 ** 64,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-300, 1e300,
]


def bits_of(x: float) -> int:
    return _Q.unpack(_D.pack(x))[0]


def from_bits(b: int) -> float:
    return _D.unpack(_Q.pack(b))[0]


def generate(rng: random.Random):
    """Yield (bits, value) forever."""
    while True:
        r = rng.random()
        if r < 0.25:
            b = rng.getrandbits(64)
            yield b, from_bits(b)
            continue
        if r < 0.35:
            sign = rng.getrandbits(1) << 63
            kind = rng.randrange(6)
            if kind == 0:      # NaN: all-ones exponent, non-zero mantissa
                b = sign | 0x7FF0000000000000 | (rng.getrandbits(52) or 1)
            elif kind == 1:    # +-Inf
                b = sign | 0x7FF0000000000000
            elif kind == 2:    # +-0
                b = sign
            elif kind == 3:    # subnormal
                b = sign | (rng.getrandbits(52) or 1)
            elif kind == 4:    # smallest exponents, largest exponents
                b = sign | (rng.choice((1, 2, 0x7FE, 0x7FD)) << 52) | rng.getrandbits(52)
            else:              # small mantissa: few significant bits
                b = sign | (rng.randrange(1, 0x7FF) << 52) | (rng.getrandbits(8) << 44)
            yield b, from_bits(b)
            continue
        if r < 0.60:
            if rng.random() < 0.5:
                digits = rng.randint(0, 10 ** rng.randint(1, 17))
                exp = rng.randint(-25, 25) if rng.random() < 0.8 else rng.randint(-330, 310)
                x = float(f'{digits}e{exp}')
            else:
                x = round(rng.uniform(0, 10.0 ** rng.randint(-6, 12)), rng.randint(0, 8))
        elif r < 0.80:
            kind = rng.randrange(3)
            if kind == 0:
                x = float(10 ** rng.randint(0, 25) + rng.randint(-5, 5))
            elif kind == 1:
                x = float(2 ** 53 + rng.randint(-8, 8))
            else:
                x = float(2 ** rng.randint(0, 80) + rng.randint(-3, 3))
        else:
            x = rng.choice(BOUNDARIES)
            for _ in range(rng.choice((0, 0, 1, 2))):
                x = math.nextafter(x, rng.choice((math.inf, -math.inf)))
        if rng.random() < 0.33:
            x = -x
        yield bits_of(x), x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--count', type=int, required=True)
    parser.add_argument('--seed', type=int, required=True)
    args = parser.parse_args()
    gen = generate(random.Random(args.seed))
    out = sys.stdout
    chunk = []
    for _ in range(args.count):
        b, x = next(gen)
        chunk.append(f'{b:016x} {floatToGoString(x)}\n')
        if len(chunk) >= 8192:
            out.write(''.join(chunk))
            chunk.clear()
    out.write(''.join(chunk))


if __name__ == '__main__':
    main()
