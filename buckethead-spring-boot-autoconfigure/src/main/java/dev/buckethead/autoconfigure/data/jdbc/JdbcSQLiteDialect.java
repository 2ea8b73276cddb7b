package dev.buckethead.autoconfigure.data.jdbc;

import org.springframework.data.jdbc.core.dialect.JdbcArrayColumns;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.relational.core.dialect.AbstractDialect;
import org.springframework.data.relational.core.dialect.IdGeneration;
import org.springframework.data.relational.core.dialect.InsertRenderContext;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.data.relational.core.dialect.LockClause;
import org.springframework.data.relational.core.dialect.OrderByNullPrecedence;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.LetterCasing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.Quoting;
import org.springframework.data.relational.core.sql.LockOptions;

/**
 * Spring Data JDBC's dialect for SQLite: {@code LIMIT}/{@code OFFSET} paging, identity columns through the
 * driver's generated keys ({@code INTEGER PRIMARY KEY} is the rowid), no arrays, {@code NULLS FIRST/LAST}, and
 * {@code DEFAULT VALUES} for an aggregate with nothing but its id.
 * <p>
 * No lock clause: SQLite has no {@code SELECT ... FOR UPDATE}, and needs none, because a write transaction holds
 * the whole database's write lock, which BucketHead's transactions take when they begin. Upsert
 * ({@code JdbcAggregateTemplate.upsert}) stays unsupported: Spring Data chooses its upsert statement by dialect
 * name and has no form SQLite accepts except PostgreSQL's, which it reserves for PostgreSQL.
 */
public class JdbcSQLiteDialect extends AbstractDialect implements JdbcDialect {

	/** The one instance; the dialect holds no state. */
	public static final JdbcSQLiteDialect INSTANCE = new JdbcSQLiteDialect();

	private static final LimitClause LIMIT_CLAUSE = new LimitClause() {

		@Override
		public String getLimit(long limit) {
			return "LIMIT " + limit;
		}

		/** SQLite accepts OFFSET only after a LIMIT; a negative one means none. */
		@Override
		public String getOffset(long offset) {
			return "LIMIT -1 OFFSET " + offset;
		}

		@Override
		public String getLimitOffset(long limit, long offset) {
			return "LIMIT " + limit + " OFFSET " + offset;
		}

		@Override
		public Position getClausePosition() {
			return Position.AFTER_ORDER_BY;
		}

	};

	private static final LockClause NO_LOCK_CLAUSE = new LockClause() {

		@Override
		public String getLock(LockOptions lockOptions) {
			return "";
		}

		@Override
		public Position getClausePosition() {
			return Position.AFTER_ORDER_BY;
		}

	};

	/**
	 * Quoted as ANSI, letter case kept: SQLite compares identifiers without regard to case, quoted or not, and
	 * reports result columns as they were declared.
	 */
	private static final IdentifierProcessing IDENTIFIERS = IdentifierProcessing.create(Quoting.ANSI,
			LetterCasing.AS_IS);

	private static final InsertRenderContext DEFAULT_VALUES = () -> " DEFAULT VALUES";

	/** The driver returns no generated keys for a batch, so Spring Data inserts new aggregates one at a time. */
	private static final IdGeneration ID_GENERATION = new IdGeneration() {

		@Override
		public boolean supportedForBatchOperations() {
			return false;
		}

	};

	protected JdbcSQLiteDialect() {
	}

	@Override
	public String getName() {
		return "SQLite";
	}

	@Override
	public LimitClause limit() {
		return LIMIT_CLAUSE;
	}

	@Override
	public LockClause lock() {
		return NO_LOCK_CLAUSE;
	}

	@Override
	public JdbcArrayColumns getArraySupport() {
		return JdbcArrayColumns.Unsupported.INSTANCE;
	}

	@Override
	public IdentifierProcessing getIdentifierProcessing() {
		return IDENTIFIERS;
	}

	@Override
	public OrderByNullPrecedence orderByNullHandling() {
		return OrderByNullPrecedence.SQL_STANDARD;
	}

	@Override
	public IdGeneration getIdGeneration() {
		return ID_GENERATION;
	}

	@Override
	public InsertRenderContext getInsertRenderContext() {
		return DEFAULT_VALUES;
	}

}
