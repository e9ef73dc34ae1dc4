package org.mixpanellakeflow.benchmarks.macro;

/**
 * CRC-32 of two byte sequences one after the other, from the CRC of each and the length of the
 * second (zlib's {@code crc32_combine}, by squaring the GF(2) matrix of the zero-byte operator), so
 * a gzip trailer can be written for any run of pre-compressed days without reading their text.
 */
final class Crc32Combine {

  private static final long POLYNOMIAL = 0xedb88320L;

  private Crc32Combine() {}

  /** The CRC-32 of {@code a} followed by {@code b}, given {@code crc(a)}, {@code crc(b)} and {@code b}'s length. */
  static long combine(long crcA, long crcB, long lengthB) {
    if (lengthB <= 0) {
      return crcA;
    }
    long[] even = new long[32];
    long[] odd = new long[32];
    odd[0] = POLYNOMIAL; // the operator for one zero bit
    long row = 1;
    for (int n = 1; n < 32; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    long crc = crcA;
    long length = lengthB;
    do {
      square(even, odd); // the first pass gives one zero byte
      if ((length & 1) != 0) {
        crc = times(even, crc);
      }
      length >>= 1;
      if (length == 0) {
        break;
      }
      square(odd, even);
      if ((length & 1) != 0) {
        crc = times(odd, crc);
      }
      length >>= 1;
    } while (length != 0);
    return (crc ^ crcB) & 0xffffffffL;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(long[] square, long[] matrix) {
    for (int n = 0; n < 32; n++) {
      square[n] = times(matrix, matrix[n]);
    }
  }
}
