package com.chittysync.notion;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.SnapshotLookup;
import com.chittysync.notion.DataSource.Property;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A registry's endpoint in one Notion data source. Pages are matched to records by the key
 * property, never by page id alone, so a create can be recognised after a crash or a timeout: the
 * key is written on create, and a create whose outcome is unknown is looked up by key first.
 *
 * <p>It coordinates: {@link DataSourceResolver} finds the data source and checks its schema once,
 * {@link NotionReader} fetches, {@link NotionWriter} applies ops, both through the one {@link
 * KeyIndex} of what each key's page holds, and {@link Representation} says how Notion holds a
 * record.
 */
public final class NotionEndpoint implements Endpoint {
  /** Ops per journal batch: about seven seconds of writes at Notion's average rate. */
  static final int MAX_BATCH = 20;

  private final NotionSettings settings;
  private final NotionClient client;
  private final DataSourceResolver resolver;
  private final Representation representation;
  private final NotionReader reader;
  private final NotionWriter writer;
  private final Optional<NotionReadStages> stages;
  private volatile DataSource source;

  /**
   * @param settings the endpoint's validated config
   * @param client the Notion client
   * @param registry the name of the registry this endpoint belongs to
   * @param registries the registries kept in Notion data sources, for relations that point at one
   * @param snapshots what the last syncs recorded, where related registries' page ids are known
   *     (empty without a state)
   */
  NotionEndpoint(
      NotionSettings settings,
      NotionClient client,
      String registry,
      List<RelatedRegistry> registries,
      Optional<SnapshotLookup> snapshots,
      Optional<NotionReadStages> stages) {
    this.settings = settings;
    this.stages = stages;
    this.client = client;
    this.resolver = new DataSourceResolver(settings, client, registries, snapshots);
    this.representation = new Representation(settings);
    PageReader pages = new PageReader(client);
    PageRecords pageRecords = new PageRecords(settings, client);
    KeyIndex index = new KeyIndex();
    VanishedKeys vanishedKeys =
        new VanishedKeys(snapshots, registry, settings.name(), client, pages);
    this.reader =
        new NotionReader(settings, client, registry, vanishedKeys, index, pageRecords, stages);
    this.writer =
        new NotionWriter(settings, client, pages, index, pageRecords, representation, reader);
  }

  NotionEndpoint(NotionSettings settings, NotionClient client) {
    this(settings, client, "", List.of(), Optional.empty(), Optional.empty());
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public EndpointCapabilities capabilities() {
    Set<String> readOnly = new HashSet<>();
    DataSource ds = source;
    if (ds != null) {
      settings
          .properties()
          .forEach(
              (field, name) -> {
                Property p = ds.properties().get(name);
                if (p != null && PropertyCodec.READ_ONLY.contains(p.type())) {
                  readOnly.add(field);
                }
              });
    }
    return new EndpointCapabilities(true, MAX_BATCH, readOnly);
  }

  @Override
  public void check() {
    source();
  }

  /** The data source and its schema, resolved and checked once. */
  DataSource source() {
    DataSource ds = source;
    if (ds == null) {
      synchronized (this) {
        if (source == null) {
          source = resolver.resolve();
        }
        ds = source;
      }
    }
    return ds;
  }

  /** The registry whose keys a field's relation holds, if it holds keys rather than page ids. */
  Optional<String> relatedRegistry(String field) {
    return Optional.ofNullable(source().relations().get(field)).map(r -> r.target().registry());
  }

  @Override
  public FetchResult fetch(FetchRequest request) {
    return reader.fetch(source(), request);
  }

  @Override
  public List<OpResult> apply(List<Op> ops) {
    if (stages.isPresent() && ops.stream().anyMatch(op -> op instanceof Op.Delete)) {
      // A full read kept in parts would still hold the page this moves to the trash, and the
      // read's catch-up of edited pages cannot see trashed ones: that read starts again.
      stages.get().drop();
    }
    return writer.apply(source(), ops);
  }

  /**
   * The record as Notion holds it once written: each mapped, writable property's value written and
   * read back through the same codec a write and a fetch use (a checkbox without a value is false,
   * empty text is no text, a one-item multi-select is a list, a plain date object is its start),
   * page and user ids in Notion's dashed form. Read-only and unmapped fields, and values Notion
   * cannot hold, are kept as given. Reads nothing from Notion but the schema, which {@link #check}
   * has resolved already.
   */
  @Override
  public CanonicalRecord represent(CanonicalRecord record) {
    return representation.represent(source(), record);
  }

  @Override
  public void close() {
    client.close();
  }
}
