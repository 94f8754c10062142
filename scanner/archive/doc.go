// Package archive walks class directories, jars, wars, ears, jmods, Spring Boot fat jars, ark-biz
// jars and ark plugins with their nested jars, in memory and within limits, and gives every
// class its display path, artifact identity and layout role.
package archive
