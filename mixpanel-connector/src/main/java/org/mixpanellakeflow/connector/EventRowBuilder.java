package org.mixpanellakeflow.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.mixpanellakeflow.connect.spark.VariantValues;

/**
 * The values of one {@code events} row as a parser finds them, and the row they make: standard
 * properties in their typed fields (or as text when they do not fit), every other property in
 * {@code custom_properties}, the last of repeated names winning. Both parsers of an export line
 * fill it ({@link EventLineScanner}, and {@link EventRowDecoder}'s Jackson path for the lines the
 * scanner leaves to it), so both give the same row by construction. When the {@link
 * PropertiesFormat} has a VARIANT, the parsers also say where the properties object lies in the
 * line, and the VARIANT is made from those bytes ({@link VariantValues#parse}), only then. Not
 * thread safe.
 */
final class EventRowBuilder {

  /** {@link Key#standard} of {@code $insert_id}, which is a column of its own. */
  static final int INSERT_ID = -2;
  private static final int CUSTOM = -1;
  /** Names beyond this many are forgotten at the next line (a runaway project, not a real one). */
  private static final int MAX_KEYS = 1 << 16;
  private static final UTF8String BEFORE_IDENTITY = UTF8String.fromString(EventKey.BEFORE_IDENTITY);
  private static final UTF8String DISTINCT_ID = UTF8String.fromString("distinct_id");

  /** A property name: its UTF-8 bytes, its field (or {@link #CUSTOM}) and where it is in this line. */
  static final class Key {
    final byte[] name;
    final int hash;
    final UTF8String utf8;
    final int standard;
    long line = -1;
    int position;

    private Key(byte[] name, int hash, int standard) {
      this.name = name;
      this.hash = hash;
      this.utf8 = UTF8String.fromBytes(name);
      this.standard = standard;
    }
  }

  private final long generatedAt;
  private final EventTime eventTime;
  private final PropertiesFormat format;
  private final EventKey.Digest digest = new EventKey.Digest();
  private final boolean[] isLong;
  private final Key[] standardKeys;
  private final int timeIndex;
  private final int distinctIdIndex;
  /** Every name seen, by its bytes: open addressing, linear probing, at most half full. */
  private Key[] table = new Key[256];
  private int size;

  // per line
  private long line;
  private final Object[] typed;
  private final UTF8String[] untyped;
  private Key[] customKeys = new Key[64];
  private UTF8String[] customValues = new UTF8String[64];
  private int customCount;
  private UTF8String name;
  private UTF8String insertId;
  private byte[] propertiesBytes;
  private int propertiesStart;
  private int propertiesEnd;

  EventRowBuilder(long generatedAt, EventTime eventTime) {
    this(generatedAt, eventTime, PropertiesFormat.STRUCT);
  }

  EventRowBuilder(long generatedAt, EventTime eventTime, PropertiesFormat format) {
    this.generatedAt = generatedAt;
    this.eventTime = eventTime;
    this.format = format;
    List<Map.Entry<String, DataType>> standard =
        List.copyOf(MixpanelSchemas.EVENT_STANDARD_PROPERTIES.entrySet());
    isLong = new boolean[standard.size()];
    standardKeys = new Key[standard.size()];
    typed = new Object[standard.size()];
    untyped = new UTF8String[standard.size()];
    forgetNames();
    timeIndex = key("time").standard;
    distinctIdIndex = key("distinct_id").standard;
  }

  private void forgetNames() {
    table = new Key[256];
    size = 0;
    List<Map.Entry<String, DataType>> standard =
        List.copyOf(MixpanelSchemas.EVENT_STANDARD_PROPERTIES.entrySet());
    for (int i = 0; i < standard.size(); i++) {
      isLong[i] = standard.get(i).getValue().equals(DataTypes.LongType);
      standardKeys[i] = add(standard.get(i).getKey().getBytes(StandardCharsets.UTF_8), i);
    }
    add(EventKey.INSERT_ID.getBytes(StandardCharsets.UTF_8), INSERT_ID);
  }

  /** Starts a line: clears the values of the last one. */
  void startLine() {
    if (size > MAX_KEYS) {
      forgetNames();
    }
    startProperties();
    name = null;
  }

  /** Clears the properties read so far (a repeated {@code properties} replaces the earlier one). */
  void startProperties() {
    line++;
    Arrays.fill(typed, null);
    Arrays.fill(untyped, null);
    customCount = 0;
    insertId = null;
    propertiesBytes = null;
  }

  /**
   * Where the line's properties object is: {@code bytes[start, end)}, valid until {@link #row()}.
   */
  void propertiesAt(byte[] bytes, int start, int end) {
    propertiesBytes = bytes;
    propertiesStart = start;
    propertiesEnd = end;
  }

  /** The key for a name's UTF-8 bytes, added on first sight. */
  Key key(byte[] bytes, int offset, int length) {
    int hash = 1;
    for (int i = offset, end = offset + length; i < end; i++) {
      hash = 31 * hash + bytes[i];
    }
    int mask = table.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      Key key = table[i];
      if (key == null) {
        return add(Arrays.copyOfRange(bytes, offset, offset + length), CUSTOM);
      }
      if (key.hash == hash
          && Arrays.equals(key.name, 0, key.name.length, bytes, offset, offset + length)) {
        return key;
      }
    }
  }

  Key key(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return key(bytes, 0, bytes.length);
  }

  private Key add(byte[] bytes, int standard) {
    if (2 * (size + 1) > table.length) {
      Key[] old = table;
      table = new Key[old.length * 2];
      for (Key key : old) {
        if (key != null) {
          insert(key);
        }
      }
    }
    int hash = 1;
    for (byte b : bytes) {
      hash = 31 * hash + b;
    }
    Key key = new Key(bytes, hash, standard);
    insert(key);
    size++;
    return key;
  }

  private void insert(Key key) {
    int mask = table.length - 1;
    int i = spread(key.hash) & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = key;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  boolean isLong(int standard) {
    return isLong[standard];
  }

  void name(UTF8String value) {
    name = value;
  }

  void insertId(UTF8String value) {
    insertId = value;
  }

  boolean hasInsertId() {
    return insertId != null;
  }

  /**
   * A standard property: {@code value} for its field (null when it does not fit or is null), and
   * {@code text} for {@code custom_properties} when it does not fit.
   */
  void standard(int slot, Object value, UTF8String text) {
    typed[slot] = value;
    untyped[slot] = text;
  }

  /** Adds or, for a name repeated in the line, replaces (the last one wins, as in a tree). */
  void custom(Key key, UTF8String value) {
    if (key.line == line) {
      customValues[key.position] = value;
      return;
    }
    if (customCount == customKeys.length) {
      customKeys = Arrays.copyOf(customKeys, customCount * 2);
      customValues = Arrays.copyOf(customValues, customCount * 2);
    }
    key.line = line;
    key.position = customCount;
    customKeys[customCount] = key;
    customValues[customCount] = value;
    customCount++;
  }

  /**
   * The row of the line; needs the event name, an insert id and, for a format with a VARIANT,
   * where the properties are.
   *
   * @throws IOException only if the properties are not JSON, which the parsers have checked
   */
  InternalRow row() throws IOException {
    Object[] fields = new Object[typed.length + 1];
    for (int i = 0; i < typed.length; i++) {
      if (untyped[i] != null) {
        custom(standardKeys[i], untyped[i]);
      }
    }
    if (eventTime.isLegacy() && typed[timeIndex] instanceof Long time) {
      typed[timeIndex] = eventTime.toUtcMillis(time);
    }
    System.arraycopy(typed, 0, fields, 0, typed.length);
    UTF8String[] mapKeys = new UTF8String[customCount];
    UTF8String before = null;
    UTF8String customDistinctId = null;
    for (int i = 0; i < customCount; i++) {
      mapKeys[i] = customKeys[i].utf8;
      if (mapKeys[i].equals(BEFORE_IDENTITY)) {
        before = customValues[i];
      } else if (mapKeys[i].equals(DISTINCT_ID)) {
        customDistinctId = customValues[i];
      }
    }
    UTF8String distinctId = (UTF8String) typed[distinctIdIndex];
    UTF8String identity =
        before != null ? before : distinctId != null ? distinctId : customDistinctId;
    UTF8String key = digest.of(name, (Long) typed[timeIndex], insertId, identity);
    if (!format.hasVariant()) {
      return new GenericInternalRow(
          new Object[] {name, insertId, struct(fields, mapKeys), generatedAt, key});
    }
    Object variant =
        VariantValues.parse(propertiesBytes, propertiesStart, propertiesEnd - propertiesStart);
    if (format.hasStruct()) {
      return new GenericInternalRow(
          new Object[] {name, insertId, struct(fields, mapKeys), generatedAt, key, variant});
    }
    return new GenericInternalRow(
        new Object[] {name, insertId, typed[timeIndex], variant, generatedAt, key});
  }

  private InternalRow struct(Object[] fields, UTF8String[] mapKeys) {
    UTF8String[] mapValues = Arrays.copyOf(customValues, customCount);
    fields[typed.length] =
        new ArrayBasedMapData(new GenericArrayData(mapKeys), new GenericArrayData(mapValues));
    return new GenericInternalRow(fields);
  }
}
