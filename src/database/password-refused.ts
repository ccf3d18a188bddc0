/**
 * A server that refused the password (PostgreSQL 28P01, MySQL 1045): the user named, the password
 * said to be the problem, and how to write one with special characters in a URL, the most common
 * cause when the password itself is right.
 */
export function passwordRefused(user: string, passwordGiven: boolean): { why: string; fix: string } {
  if (!passwordGiven)
    return {
      why: `user "${user}" needs a password and the URL gives none`,
      fix: `Put the password in the URL, after the user name: ${user}:PASSWORD@host. ${URL_ENCODING}`,
    };
  return {
    why: `the server refused the password for user "${user}"`,
    fix: `Check the user name and the password in the URL. ${URL_ENCODING}`,
  };
}

const URL_ENCODING =
  "A password with special characters (@ : / ? # % & + or spaces) must be URL-encoded in the URL: p@ss:w/rd is p%40ss%3Aw%2Frd (node -p 'encodeURIComponent(process.argv[1])' 'p@ss:w/rd').";
