import type mysql from 'mysql2/promise';

/**
 * `mysql2`, loaded on first use: most runs never talk to MySQL, and the driver is the largest part
 * of the bundle that start-up would otherwise pay for.
 */
export async function createMysqlConnection(options: mysql.ConnectionOptions): Promise<mysql.Connection> {
  const driver = (await import('mysql2/promise')).default;
  return driver.createConnection(options);
}
